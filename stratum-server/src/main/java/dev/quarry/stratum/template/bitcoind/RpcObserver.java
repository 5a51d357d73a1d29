package dev.quarry.stratum.template.bitcoind;

/**
 * Sees every finished JSON-RPC call to a node, for latency and error metrics. Long-poll
 * getblocktemplate calls wait for new work on purpose: their duration is not a latency and their
 * timeout is not an error, so for them only real failures are reported ({@link #failed}, never
 * {@link #latency}). Cancelled calls (node switch, shutdown) are not reported. Called on HTTP
 * client and source threads: keep it cheap.
 */
public interface RpcObserver {

    RpcObserver NONE = new RpcObserver() {
        @Override
        public void latency(String node, String method, long nanos) {
        }

        @Override
        public void failed(String node, String method, String kind) {
        }
    };

    /** Error kinds: the node answered with a JSON-RPC error object. */
    String RPC_ERROR = "rpc_error";
    /** No answer within the RPC timeout. */
    String TIMEOUT = "timeout";
    /** Unreachable, refused the credentials, answered 5xx or garbage. */
    String UNAVAILABLE = "unavailable";

    /**
     * A call finished (answered, or failed) after {@code nanos} from sending the request.
     *
     * @param node   the node's configured name (never its URL or credentials)
     * @param method the RPC method
     */
    void latency(String node, String method, long nanos);

    /** A call failed: {@code kind} is {@link #RPC_ERROR}, {@link #TIMEOUT} or {@link #UNAVAILABLE}. */
    void failed(String node, String method, String kind);

    /** The error kind of a failed call, or null when the call was cancelled (a node switch or shutdown: not the node's fault). */
    static String kindOf(BitcoindException e) {
        if (e.getCause() instanceof java.util.concurrent.CancellationException) return null;
        if (e instanceof RpcTimeoutException) return TIMEOUT;
        if (e instanceof RpcErrorException) return RPC_ERROR;
        return e.nodeDown() ? UNAVAILABLE : null;
    }
}
