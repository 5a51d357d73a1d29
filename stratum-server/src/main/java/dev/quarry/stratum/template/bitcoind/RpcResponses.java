package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Turns an HTTP answer from bitcoind into a result or a classified failure. Pure: no I/O.
 *
 * <p>bitcoind reports JSON-RPC errors with HTTP 500 (or 404 for an unknown method) and a JSON body
 * whose "error" is set: the node is alive and answered. A 401/403, a 5xx without such a body, or a
 * body that is not JSON means the node cannot be used.
 */
final class RpcResponses {

    private RpcResponses() {
    }

    static JsonNode interpret(ObjectMapper mapper, String node, String method, int status, String body) throws BitcoindException {
        if (status == 401 || status == 403) {
            throw new BitcoindException(node + ": " + method + " refused with HTTP " + status
                    + " (wrong RPC user/password, or a stale cookie file)", true, null);
        }
        JsonNode json = null;
        if (body != null && !body.isBlank()) {
            try {
                json = mapper.readTree(body);
            } catch (JsonProcessingException e) {
                json = null;
            }
        }
        if (json != null && json.isObject()) {
            JsonNode error = json.get("error");
            if (error != null && !error.isNull()) {
                int code = error.path("code").asInt(0);
                String message = error.has("message") ? error.path("message").asText() : error.toString();
                throw new RpcErrorException(node, method, code, message);
            }
            if (status == 200) {
                JsonNode result = json.get("result");
                return result == null ? NullNode.getInstance() : result;
            }
        }
        if (status != 200) {
            throw new BitcoindException(node + ": " + method + " failed with HTTP " + status, true, null);
        }
        throw new BitcoindException(node + ": " + method + " answered with something that is not a JSON-RPC reply", true, null);
    }
}
