package dev.quarry.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, content type, body, extra headers. */
public record HttpResult(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static HttpResult text(int status, String text) {
        return new HttpResult(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static HttpResult json(int status, String json) {
        return new HttpResult(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public HttpResult withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResult(status, contentType, body, Map.copyOf(h));
    }
}
