package dev.quarry.app;

import dev.quarry.config.QuarryConfig;
import dev.quarry.http.HttpResult;
import dev.quarry.http.HttpRouter;
import dev.quarry.http.HttpServer;
import dev.quarry.ops.HealthChecks;
import dev.quarry.ops.MetricsRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A running Quarry: every component started in dependency order from one configuration, and
 * stopped in reverse order. Used by {@code quarry} (the CLI) and by end-to-end tests, in-process
 * or as a child JVM.
 */
public final class QuarryPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuarryPool.class);
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final QuarryConfig config;
    private final PrometheusMeterRegistry metrics;
    private final HealthChecks health = new HealthChecks();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private InetSocketAddress httpAddress;

    private QuarryPool(QuarryConfig config) {
        this.config = config;
        this.metrics = MetricsRegistry.create();
    }

    /** Starts everything; on failure, whatever was started is stopped again and the error rethrown. */
    public static QuarryPool start(QuarryConfig config) throws Exception {
        QuarryPool pool = new QuarryPool(config);
        try {
            pool.startAll();
            return pool;
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        try {
            Files.createDirectories(config.dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir.toAbsolutePath(), e);
        }
        HttpRouter router = new HttpRouter()
                .route("GET", "/metrics", r -> new HttpResult(200, PROMETHEUS_CONTENT_TYPE,
                        metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of()))
                .route("GET", "/health/live", r -> health.live())
                .route("GET", "/health/ready", r -> health.ready());
        HttpServer http = new HttpServer(router, 64 * 1024, 4);
        toClose.add(http);
        httpAddress = http.start(config.httpBind, config.httpPort);
        log.info("HTTP on {} (metrics /metrics, health /health/live and /health/ready)", httpAddress);
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public HealthChecks health() {
        return health;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    public QuarryConfig config() {
        return config;
    }

    /** Stops in reverse start order; never throws. */
    @Override
    public void close() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping {}", toClose.get(i).getClass().getSimpleName(), e);
            }
        }
        toClose.clear();
        metrics.close();
    }
}
