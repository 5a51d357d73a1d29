package dev.quarry.accounting.store;

/** A database operation failed; wraps the {@link java.sql.SQLException} with what was being done. */
public class StoreException extends RuntimeException {
    public StoreException(String what, Throwable cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
