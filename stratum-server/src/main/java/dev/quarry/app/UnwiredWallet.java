package dev.quarry.app;

import dev.quarry.accounting.payout.Wallet;
import dev.quarry.accounting.payout.WalletRejectedException;

import java.util.Map;
import java.util.Optional;

/**
 * The payout wallet when mining on bitcoind: sending through bitcoind's wallet RPC (sendmany) is not
 * implemented yet, so every payout is refused before anything is sent — the holder's balance is
 * restored by the payout service and nothing can be paid twice.
 */
final class UnwiredWallet implements Wallet {
    @Override
    public String sendMany(String intentId, Map<String, Long> outputsSat) {
        throw new WalletRejectedException("payouts through bitcoind's wallet are not available in this version");
    }

    @Override
    public Optional<String> findByIntent(String intentId) {
        return Optional.empty();
    }
}
