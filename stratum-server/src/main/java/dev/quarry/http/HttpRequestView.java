package dev.quarry.http;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as handlers see it: fully read (bodies are capped by the server), decoupled from
 * Netty so handlers are plain functions that tests can call directly.
 *
 * @param method     upper-case method
 * @param path       decoded path without the query
 * @param rawQuery   the query string as sent (without '?'), or ""
 * @param query      decoded query parameters
 * @param headers    header names lower-cased
 * @param body       request body bytes
 * @param remote     the peer's address
 */
public record HttpRequestView(String method, String path, String rawQuery, Map<String, List<String>> query,
                              Map<String, String> headers, byte[] body, InetAddress remote) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
