package dev.quarry.api.routes;

import dev.quarry.api.auth.ApiKey;
import dev.quarry.http.HttpRequestView;

import java.util.Map;

/** One authorised API request: the raw request, the path parameters, the key (null on public routes) and "now". */
public record ApiCall(HttpRequestView request, Map<String, String> params, ApiKey key, long nowMs) {

    public String holderId() {
        return key.holderId();
    }

    public String param(String name) {
        return params.get(name);
    }

    public String query(String name) {
        return request.queryParam(name);
    }

    public long queryLong(String name, long dflt, long min, long max) {
        String v = request.queryParam(name);
        if (v == null || v.isEmpty()) return dflt;
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an integer");
        }
        if (n < min || n > max) throw ApiException.badRequest("query parameter '" + name + "' must be between " + min + " and " + max);
        return n;
    }
}
