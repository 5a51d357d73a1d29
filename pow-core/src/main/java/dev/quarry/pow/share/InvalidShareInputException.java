package dev.quarry.pow.share;

/** A malformed mining.submit field (bad hex, wrong length); {@link #reason()} is a short machine-readable code. */
public class InvalidShareInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public InvalidShareInputException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidShareInputException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Short code naming what was wrong, e.g. "extranonce2-length" or "nonce-hex". */
    public String reason() {
        return reason;
    }
}
