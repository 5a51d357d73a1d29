package dev.quarry.stratum.template.bitcoind;

import dev.quarry.accounting.payout.WalletRejectedException;

/**
 * bitcoind's wallet answered {@code sendmany} with a JSON-RPC error: nothing was sent, so the payout
 * service fails the intent and gives the holder the amount back. The code says why, e.g.
 * {@link BitcoindWallet#RPC_WALLET_UNLOCK_NEEDED} (-13) or {@link BitcoindWallet#RPC_WALLET_INSUFFICIENT_FUNDS} (-6).
 */
public final class BitcoindWalletRejectedException extends WalletRejectedException {
    private static final long serialVersionUID = 1L;

    private final int rpcCode;

    public BitcoindWalletRejectedException(int rpcCode, String message) {
        super(message);
        this.rpcCode = rpcCode;
    }

    public int rpcCode() {
        return rpcCode;
    }
}
