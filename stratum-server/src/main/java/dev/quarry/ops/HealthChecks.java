package dev.quarry.ops;

import dev.quarry.http.HttpResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * /health/live answers as long as the process serves HTTP; /health/ready only when every named
 * readiness check passes (a current template, a writable journal). Each check returns null when
 * healthy or a short reason when not.
 */
public final class HealthChecks {

    private final Map<String, Supplier<String>> readiness = new LinkedHashMap<>();

    public HealthChecks add(String name, Supplier<String> check) {
        readiness.put(name, check);
        return this;
    }

    public HttpResult live() {
        return HttpResult.json(200, "{\"status\":\"live\"}");
    }

    public HttpResult ready() {
        StringBuilder sb = new StringBuilder("{\"checks\":{");
        boolean ok = true;
        boolean first = true;
        for (Map.Entry<String, Supplier<String>> e : readiness.entrySet()) {
            String problem;
            try {
                problem = e.getValue().get();
            } catch (RuntimeException ex) {
                problem = ex.getClass().getSimpleName();
            }
            ok &= problem == null;
            if (!first) sb.append(',');
            first = false;
            sb.append('"').append(e.getKey()).append("\":\"").append(problem == null ? "ok" : escape(problem)).append('"');
        }
        sb.append("},\"status\":\"").append(ok ? "ready" : "not ready").append("\"}");
        return HttpResult.json(ok ? 200 : 503, sb.toString());
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
