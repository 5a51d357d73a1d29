package dev.quarry.accounting.payout;

/** A payout or reinvest request that cannot be carried out; nothing was recorded. */
public class RequestRefusedException extends IllegalArgumentException {

    public enum Reason { INVALID_AMOUNT, BELOW_MINIMUM, INSUFFICIENT_BALANCE, CONTRACT_NOT_OWNED, CONTRACT_NOT_OPEN, AMOUNT_BUYS_NOTHING }

    private final Reason reason;

    public RequestRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
