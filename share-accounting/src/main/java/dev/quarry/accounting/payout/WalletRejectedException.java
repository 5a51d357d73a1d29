package dev.quarry.accounting.payout;

/** The wallet refused the payment: nothing was sent, the payout can be failed and reversed safely. */
public class WalletRejectedException extends RuntimeException {
    public WalletRejectedException(String message) {
        super(message);
    }
}
