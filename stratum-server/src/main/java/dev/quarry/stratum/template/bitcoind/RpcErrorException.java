package dev.quarry.stratum.template.bitcoind;

/** bitcoind answered with a JSON-RPC error object, e.g. {"code":-10,"message":"Bitcoin Core is in initial sync..."}. */
public final class RpcErrorException extends BitcoindException {
    private static final long serialVersionUID = 1L;

    /** Bitcoin Core's RPC_IN_WARMUP: the node is starting (loading the block index). */
    public static final int RPC_IN_WARMUP = -28;
    /** RPC_CLIENT_NOT_CONNECTED: no peers, cannot make templates. */
    public static final int RPC_CLIENT_NOT_CONNECTED = -9;
    /** RPC_CLIENT_IN_INITIAL_DOWNLOAD. */
    public static final int RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10;
    /** RPC_INVALID_ADDRESS_OR_KEY, e.g. "Block not found". */
    public static final int RPC_INVALID_ADDRESS_OR_KEY = -5;

    private final int code;
    private final String rpcMessage;

    public RpcErrorException(String node, String method, int code, String rpcMessage) {
        super(node + ": " + method + " failed with RPC error " + code + ": " + rpcMessage, false, null);
        this.code = code;
        this.rpcMessage = rpcMessage;
    }

    public int code() {
        return code;
    }

    public String rpcMessage() {
        return rpcMessage;
    }

    /** Errors meaning the node cannot serve work right now (warm-up, no peers, initial download). */
    public boolean nodeNotReady() {
        return code == RPC_IN_WARMUP || code == RPC_CLIENT_NOT_CONNECTED || code == RPC_CLIENT_IN_INITIAL_DOWNLOAD;
    }
}
