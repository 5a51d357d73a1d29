package dev.quarry.stratum.template.bitcoind;

/** No answer within the timeout. For a long-poll that is normal; for any other call the node counts as down. */
public final class RpcTimeoutException extends BitcoindException {
    private static final long serialVersionUID = 1L;

    public RpcTimeoutException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
