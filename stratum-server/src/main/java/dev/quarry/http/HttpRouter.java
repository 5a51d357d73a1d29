package dev.quarry.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact routes ("GET /metrics") and prefix routes ("GET /api/v1/" + anything). Exact routes win;
 * among prefixes the longest wins. Unknown path: 404; known path, other method: 405.
 */
public final class HttpRouter {

    private final Map<String, Map<String, HttpHandler>> exact = new LinkedHashMap<>();
    private final List<PrefixRoute> prefixes = new ArrayList<>();

    private record PrefixRoute(String method, String prefix, HttpHandler handler) {
    }

    public HttpRouter route(String method, String path, HttpHandler handler) {
        exact.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
        return this;
    }

    public HttpRouter prefix(String method, String prefix, HttpHandler handler) {
        prefixes.add(new PrefixRoute(method, prefix, handler));
        prefixes.sort((a, b) -> Integer.compare(b.prefix.length(), a.prefix.length()));
        return this;
    }

    /** The handler for a request, or a handler answering 404/405. */
    public HttpHandler resolve(String method, String path) {
        Map<String, HttpHandler> byMethod = exact.get(path);
        if (byMethod != null) {
            HttpHandler h = byMethod.get(method);
            if (h == null && "HEAD".equals(method)) h = byMethod.get("GET");
            if (h != null) return h;
            return r -> HttpResult.json(405, "{\"error\":\"method not allowed\"}").withHeader("Allow", String.join(", ", byMethod.keySet()));
        }
        boolean pathKnown = false;
        for (PrefixRoute p : prefixes) {
            if (path.startsWith(p.prefix)) {
                if (p.method.equals(method)) return p.handler;
                pathKnown = true;
            }
        }
        if (pathKnown) return r -> HttpResult.json(405, "{\"error\":\"method not allowed\"}");
        return r -> HttpResult.json(404, "{\"error\":\"not found\"}");
    }
}
