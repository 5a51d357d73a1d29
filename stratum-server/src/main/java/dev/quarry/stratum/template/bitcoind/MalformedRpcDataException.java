package dev.quarry.stratum.template.bitcoind;

/** A node's answer lacks a field we need or has it in the wrong form; the message names the field. */
public final class MalformedRpcDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedRpcDataException(String message) {
        super(message);
    }
}
