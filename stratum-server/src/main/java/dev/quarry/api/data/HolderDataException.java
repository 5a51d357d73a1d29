package dev.quarry.api.data;

/** A holder request accounting refused, with a reason the API maps to a status code. */
public final class HolderDataException extends RuntimeException {

    public enum Kind { NOT_FOUND, IDEMPOTENCY_CONFLICT, INSUFFICIENT_BALANCE, INVALID_ADDRESS, INVALID_AMOUNT }

    private final Kind kind;

    public HolderDataException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
