package dev.quarry.ops;

import dev.quarry.api.routes.ApiObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The holder API: {@code quarry_api_requests_total{method,route,status}} and
 * {@code quarry_api_request_duration_seconds{route}} (count, sum, max). {@code route} is the route
 * template ("/api/v1/contracts/{contractId}"), or "unmatched" — never the raw path, whose ids would
 * make the label set unbounded.
 */
public final class ApiMetrics implements ApiObserver {

    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    public ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void served(String method, String route, int status, long nanos) {
        String st = Integer.toString(status);
        requests.computeIfAbsent(method + ' ' + route + ' ' + st, k -> Counter.builder("quarry.api.requests")
                .tag("method", method).tag("route", route).tag("status", st)
                .description("holder API requests by route template and status").register(registry)).increment();
        durations.computeIfAbsent(route, k -> Timer.builder("quarry.api.request.duration").tag("route", route)
                .description("holder API request handling time").register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
