package dev.quarry.stratum.metrics;

import dev.quarry.stratum.share.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Micrometer meters. Names are Micrometer dotted names; the Prometheus registry
 * renders them as {@code quarry_stratum_connections}, {@code quarry_shares_total{result,reason}},
 * {@code quarry_share_difficulty_total}, {@code quarry_blocks_found_total},
 * {@code quarry_submit_latency_seconds}, {@code quarry_job_broadcast_seconds}, plus subscription,
 * disconnect, protocol-error and ban counters. No per-worker labels (cardinality).
 */
public final class StratumMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    /** Open connections per Stratum port name (a handful of ports: bounded labels). */
    private final Map<String, AtomicInteger> connectionsByPort = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter difficultySum;
    private final Counter blocksFound;
    private final Counter subscriptions;
    private final Timer submitLatency;
    private final Timer broadcast;
    private final Map<String, Counter> disconnects = new ConcurrentHashMap<>();
    private final Map<String, Counter> protocolErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> bans = new ConcurrentHashMap<>();

    public StratumMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder("quarry.shares").tag("result", "accepted").tag("reason", "none")
                .description("shares by verdict").register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, Counter.builder("quarry.shares").tag("result", "rejected").tag("reason", r.metricName())
                    .description("shares by verdict").register(registry));
        }
        difficultySum = Counter.builder("quarry.share.difficulty").description("sum of the difficulty of accepted shares").register(registry);
        blocksFound = Counter.builder("quarry.blocks.found").description("shares that met the network target").register(registry);
        subscriptions = Counter.builder("quarry.stratum.subscriptions").description("successful mining.subscribe").register(registry);
        submitLatency = Timer.builder("quarry.submit.latency").description("mining.submit received to verdict written")
                .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofNanos(50_000)).maximumExpectedValue(java.time.Duration.ofSeconds(10)).register(registry);
        broadcast = Timer.builder("quarry.job.broadcast").description("time to serialize and hand a new job to every ready session")
                .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofNanos(50_000)).maximumExpectedValue(java.time.Duration.ofSeconds(10)).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A connection was opened on the Stratum port named {@code port} (main, static, tls, ...). */
    public void connectionOpened(String port) {
        connections.incrementAndGet();
        portGauge(port).incrementAndGet();
    }

    public void connectionClosed(String port) {
        connections.decrementAndGet();
        portGauge(port).decrementAndGet();
    }

    private AtomicInteger portGauge(String port) {
        return connectionsByPort.computeIfAbsent(port, p -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("quarry.stratum.connections", n, AtomicInteger::get).tag("port", p)
                    .description("open Stratum connections by port").register(registry);
            return n;
        });
    }

    /** Sessions that subscribed and authorized at least one worker (they receive jobs). */
    public void sessionsAuthorized(java.util.function.IntSupplier count) {
        Gauge.builder("quarry.stratum.sessions.authorized", count::getAsInt)
                .description("Stratum sessions subscribed with at least one authorized worker").register(registry);
    }

    public int openConnections() {
        return connections.get();
    }

    public void subscribed() {
        subscriptions.increment();
    }

    public void accepted(double difficulty) {
        accepted.increment();
        difficultySum.increment(difficulty);
    }

    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void blockFound() {
        blocksFound.increment();
    }

    public void submitLatency(long nanos) {
        submitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void broadcast(long nanos) {
        broadcast.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A connection closed by the server for a documented reason (idle, slow_line, flood, banned...). */
    public void disconnect(String reason) {
        disconnects.computeIfAbsent(reason, r -> Counter.builder("quarry.stratum.disconnects").tag("reason", r)
                .description("connections closed by the server, by reason").register(registry)).increment();
    }

    /** A bad line or bad request (malformed_json, not_object, unknown_method, invalid_params, ...). */
    public void protocolError(String kind) {
        protocolErrors.computeIfAbsent(kind, k -> Counter.builder("quarry.stratum.protocol.errors").tag("kind", k)
                .description("bad input answered with an error or a disconnect").register(registry)).increment();
    }

    public void ban(String reason) {
        bans.computeIfAbsent(reason, k -> Counter.builder("quarry.stratum.bans").tag("reason", k)
                .description("temporary IP bans").register(registry)).increment();
    }

    /** An exception that reached the last handler of a pipeline (counted, connection closed). */
    public void unexpectedException() {
        protocolError("unexpected_exception");
    }
}
