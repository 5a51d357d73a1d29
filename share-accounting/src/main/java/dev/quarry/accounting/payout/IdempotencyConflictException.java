package dev.quarry.accounting.payout;

/** The Idempotency-Key was already used with a different request body: refused, nothing done. */
public class IdempotencyConflictException extends IllegalStateException {
    public IdempotencyConflictException(String key) {
        super("Idempotency-Key '" + key + "' was already used with a different request");
    }
}
