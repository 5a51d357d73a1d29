package dev.quarry.accounting.payout;

import java.util.Map;
import java.util.Optional;

/**
 * Where payouts are sent from. Real implementations live with the chains in stratum-server: bitcoind's
 * wallet RPC ({@code sendmany} with the intent id in the comment, {@code listtransactions} to find it
 * again) and the SimChain's wallet for the embedded default. {@link InMemoryWallet} is the test double.
 */
public interface Wallet {

    /**
     * Sends all outputs in one transaction, tagged with {@code intentId} so that it can be found
     * again after a crash.
     *
     * @return the txid (64 hex)
     * @throws WalletRejectedException when the wallet definitely did NOT send (insufficient funds,
     *                                 invalid address...); any other exception means "unknown":
     *                                 the intent stays pending and {@link #findByIntent} decides later
     */
    String sendMany(String intentId, Map<String, Long> outputsSat);

    /** The txid of the transaction sent for {@code intentId}, if the wallet has one. */
    Optional<String> findByIntent(String intentId);
}
