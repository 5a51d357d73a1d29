package dev.quarry.accounting.model;

/** No holder or contract with that id. */
public class UnknownHolderException extends IllegalArgumentException {
    public UnknownHolderException(String message) {
        super(message);
    }
}
