package dev.quarry.api.routes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Path templates with {@code {name}} segments ("/api/v1/contracts/{contractId}/hashrate"), matched
 * segment by segment. Pure: the API's route list lives here so tests (and the OpenAPI check) can
 * enumerate it.
 */
public final class RouteTable<H> {

    public record Route<H>(String method, String template, H handler) {
    }

    public record Match<H>(Route<H> route, Map<String, String> params) {
    }

    private final List<Route<H>> routes = new ArrayList<>();

    public RouteTable<H> add(String method, String template, H handler) {
        routes.add(new Route<>(method, template, handler));
        return this;
    }

    public List<Route<H>> routes() {
        return Collections.unmodifiableList(routes);
    }

    /** The route for method+path; null if no template matches the path at all. */
    public Match<H> find(String method, String path) {
        for (Route<H> r : routes) {
            if (!r.method.equals(method)) continue;
            Map<String, String> p = match(r.template, path);
            if (p != null) return new Match<>(r, p);
        }
        return null;
    }

    /** Whether any method is routed for this path (to tell 405 from 404). */
    public List<String> methodsFor(String path) {
        List<String> m = new ArrayList<>();
        for (Route<H> r : routes) {
            if (match(r.template, path) != null && !m.contains(r.method)) m.add(r.method);
        }
        return m;
    }

    static Map<String, String> match(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) return null;
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                if (p[i].isEmpty()) return null;
                params.put(t[i].substring(1, t[i].length() - 1), p[i]);
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }
}
