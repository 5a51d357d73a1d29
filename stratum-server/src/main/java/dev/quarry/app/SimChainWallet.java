package dev.quarry.app;

import dev.quarry.accounting.payout.Wallet;
import dev.quarry.stratum.template.sim.SimChain;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded default's payout wallet: sends through the SimChain's fake wallet and remembers the
 * txid per payout intent. The SimChain itself lives in memory, so this memory lasts as long as the
 * chain it pays on.
 */
final class SimChainWallet implements Wallet {

    private final SimChain chain;
    private final Map<String, String> txidByIntent = new ConcurrentHashMap<>();

    SimChainWallet(SimChain chain) {
        this.chain = chain;
    }

    @Override
    public synchronized String sendMany(String intentId, Map<String, Long> outputsSat) {
        String existing = txidByIntent.get(intentId);
        if (existing != null) return existing;
        String txid = chain.sendMany(outputsSat);
        txidByIntent.put(intentId, txid);
        return txid;
    }

    @Override
    public Optional<String> findByIntent(String intentId) {
        return Optional.ofNullable(txidByIntent.get(intentId));
    }
}
