package dev.quarry.stratum.template.bitcoind;

import java.io.IOException;

/**
 * A failed RPC call. {@link #nodeDown()} tells the failover logic whether the node itself is
 * unusable (unreachable, timed out, refused our credentials, answered garbage or a 5xx without
 * a JSON-RPC error) or merely answered this call with a JSON-RPC error object.
 */
public class BitcoindException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean nodeDown;

    public BitcoindException(String message, boolean nodeDown, Throwable cause) {
        super(message, cause);
        this.nodeDown = nodeDown;
    }

    public boolean nodeDown() {
        return nodeDown;
    }
}
