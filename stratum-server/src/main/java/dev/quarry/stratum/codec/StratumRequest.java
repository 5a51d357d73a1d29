package dev.quarry.stratum.codec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One decoded JSON-RPC request or notification line.
 *
 * @param rawId  the request id exactly as JSON text ("null" for notifications), echoed verbatim in the reply
 * @param method the method name
 * @param params the params array (an empty array when the client omitted it)
 */
public record StratumRequest(String rawId, String method, JsonNode params) {

    public boolean isNotification() {
        return "null".equals(rawId);
    }
}
