package dev.quarry.stratum.session;

/** A request whose params have the wrong count or types; answered with error 20 "Invalid params: ...". */
public final class InvalidParamsException extends Exception {
    public InvalidParamsException(String message) {
        super(message, null, false, false);
    }
}
