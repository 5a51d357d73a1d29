package dev.quarry.api.routes;

import dev.quarry.api.auth.AuthFailure;
import dev.quarry.api.auth.RequestVerifier;
import dev.quarry.api.auth.TokenBucketLimiter;
import dev.quarry.api.data.HolderDataException;
import dev.quarry.http.HttpHandler;
import dev.quarry.http.HttpRequestView;
import dev.quarry.http.HttpResult;
import dev.quarry.http.HttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front door of /api/v1: route lookup, body cap, per-IP then per-key token buckets (429 with
 * Retry-After), signature verification (401 with a reason), scope check (403), then the endpoint.
 * Errors are JSON with a message; unexpected exceptions are logged and answered with a generic 500.
 */
public final class ApiGateway implements HttpHandler {

    public static final String PREFIX = "/api/v1/";
    private static final Logger log = LoggerFactory.getLogger(ApiGateway.class);

    record RouteSpec(Access access, Endpoint endpoint) {
    }

    private final RouteTable<RouteSpec> table = new RouteTable<>();
    private final RequestVerifier verifier;
    private final TokenBucketLimiter perIp;
    private final TokenBucketLimiter perKey;
    private final int maxBodyBytes;
    private final Clock clock;
    private volatile ApiObserver observer = ApiObserver.NONE;

    public ApiGateway(RequestVerifier verifier, ApiSettings settings, Clock clock) {
        this.verifier = verifier;
        this.perIp = new TokenBucketLimiter(settings.ipBurst(), settings.ipPerSecond(), 100_000, System::nanoTime);
        this.perKey = new TokenBucketLimiter(settings.keyBurst(), settings.keyPerSecond(), 100_000, System::nanoTime);
        this.maxBodyBytes = settings.maxBodyBytes();
        this.clock = clock;
    }

    public ApiGateway add(String method, String template, Access access, Endpoint endpoint) {
        if (!template.startsWith(PREFIX)) throw new IllegalArgumentException("API routes live under " + PREFIX);
        table.add(method, template, new RouteSpec(access, endpoint));
        return this;
    }

    /** Every routed (method, template) pair, for documentation checks. */
    public List<RouteTable.Route<RouteSpec>> routes() {
        return table.routes();
    }

    /** Mounts this gateway on the HTTP router for every method it serves, under {@value #PREFIX}. */
    public void mount(HttpRouter router) {
        table.routes().stream().map(RouteTable.Route::method).distinct().forEach(m -> router.prefix(m, PREFIX, this));
    }

    public void setObserver(ApiObserver observer) {
        this.observer = observer == null ? ApiObserver.NONE : observer;
    }

    @Override
    public HttpResult handle(HttpRequestView req) {
        long start = System.nanoTime();
        RouteTable.Match<RouteSpec> match = table.find(req.method(), req.path());
        HttpResult result = answer(req, match);
        try {
            observer.served(req.method(), match == null ? ApiObserver.UNMATCHED : match.route().template(), result.status(),
                    System.nanoTime() - start);
        } catch (RuntimeException e) {
            log.debug("API observer failed", e);
        }
        return result;
    }

    private HttpResult answer(HttpRequestView req, RouteTable.Match<RouteSpec> match) {
        try {
            return dispatch(req, match);
        } catch (ApiException e) {
            return ApiJson.error(e.status(), e.code(), e.getMessage());
        } catch (HolderDataException e) {
            return switch (e.kind()) {
                case NOT_FOUND -> ApiJson.error(404, "not_found", e.getMessage());
                case IDEMPOTENCY_CONFLICT -> ApiJson.error(409, "idempotency_conflict", e.getMessage());
                case INSUFFICIENT_BALANCE -> ApiJson.error(409, "insufficient_balance", e.getMessage());
                case INVALID_ADDRESS -> ApiJson.error(400, "invalid_address", e.getMessage());
                case INVALID_AMOUNT -> ApiJson.error(400, "invalid_amount", e.getMessage());
            };
        } catch (RuntimeException e) {
            log.warn("API {} {} failed", req.method(), req.path(), e);
            return ApiJson.error(500, "internal_error", "internal error");
        }
    }

    private HttpResult dispatch(HttpRequestView req, RouteTable.Match<RouteSpec> match) {
        if (match == null) {
            List<String> allowed = table.methodsFor(req.path());
            if (allowed.isEmpty()) return ApiJson.error(404, "not_found", "no such API route: " + req.path());
            return ApiJson.error(405, "method_not_allowed", req.method() + " is not allowed here")
                    .withHeader("Allow", String.join(", ", allowed));
        }
        if (req.body() != null && req.body().length > maxBodyBytes) {
            return ApiJson.error(413, "body_too_large", "request body larger than " + maxBodyBytes + " bytes");
        }
        String ip = req.remote() == null ? "unknown" : req.remote().getHostAddress();
        TokenBucketLimiter.Decision ipDecision = perIp.tryAcquire(ip);
        if (!ipDecision.allowed()) return tooMany(ipDecision);

        RouteSpec spec = match.route().handler();
        long nowMs = clock.millis();
        if (spec.access() == Access.PUBLIC) return spec.endpoint().handle(new ApiCall(req, match.params(), null, nowMs));

        RequestVerifier.Verdict v = verifier.verify(req, Math.floorDiv(nowMs, 1000));
        if (!v.ok()) return refused(v.failure());
        TokenBucketLimiter.Decision keyDecision = perKey.tryAcquire(v.key().keyId());
        if (!keyDecision.allowed()) return tooMany(keyDecision);
        if (!v.key().has(spec.access().scope())) return refused(AuthFailure.INSUFFICIENT_SCOPE);
        return spec.endpoint().handle(new ApiCall(req, match.params(), v.key(), nowMs));
    }

    static HttpResult refused(AuthFailure f) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", f.status() == 401 ? "unauthorized" : f.status() == 403 ? "forbidden" : "unavailable");
        body.put("reason", f.reason());
        HttpResult r = ApiJson.json(f.status(), body);
        if (f.status() == 401) r = r.withHeader("WWW-Authenticate", "QuarryHMAC");
        if (f.status() == 503) r = r.withHeader("Retry-After", "1");
        return r;
    }

    private static HttpResult tooMany(TokenBucketLimiter.Decision d) {
        return ApiJson.error(429, "rate_limited", "too many requests; retry after " + d.retryAfterSeconds() + " s")
                .withHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
    }
}
