package dev.quarry.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The end-of-run figures, as an ordered map ready for JSON. */
public final class FleetSummary {

    private final Map<String, Object> root;

    private FleetSummary(Map<String, Object> root) {
        this.root = root;
    }

    /**
     * The measured window: from the end of --warmup to the end of --duration (before the grace
     * period). Rates, latency percentiles and the generator's CPU are over this window only.
     */
    record Window(long startNanos, long endNanos, long submits, long accepted, long cpuNanos, LogHistogram.Snapshot latency) {
        static Window open(FleetStats s, long nowNanos, long cpuNanos) {
            return new Window(nowNanos, 0, s.submits.sum(), s.accepted.sum(), cpuNanos, s.submitLatencyMicros.snapshot());
        }

        Window close(FleetStats s, long nowNanos, long cpuNowNanos) {
            return new Window(startNanos, nowNanos, s.submits.sum() - submits, s.accepted.sum() - accepted, cpuNowNanos - cpuNanos,
                    s.submitLatencyMicros.snapshot().minus(latency));
        }

        double seconds() {
            return Math.max(1e-9, (endNanos - startNanos) / 1e9);
        }
    }

    static FleetSummary build(FleetConfig cfg, FleetStats s, Window w) {
        double seconds = w.seconds();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", cfg.url().toString());
        m.put("mode", cfg.mode().name().toLowerCase());
        m.put("miners", cfg.miners());
        m.put("ratePerMiner", cfg.mode() == ShareMode.SYNTHETIC ? cfg.ratePerMiner() : null);
        m.put("durationSeconds", round(cfg.duration().toMillis() / 1000.0));
        m.put("measuredSeconds", round(seconds));
        m.put("warmupSeconds", round(cfg.warmup().toMillis() / 1000.0));
        m.put("finishedAt", Instant.now().toString());

        Map<String, Object> conn = new LinkedHashMap<>();
        conn.put("peak", s.peakConnected.get());
        conn.put("attempts", s.connectAttempts.sum());
        conn.put("failures", s.connectFailures.sum());
        conn.put("handshakeFailures", s.handshakeFailures.sum());
        conn.put("handshakeFailureReasons", s.handshakeFailureReasons());
        conn.put("allAuthorizedSeconds", s.allAuthorizedNanos == 0 ? null : round(s.allAuthorizedNanos / 1e9));
        conn.put("reconnectsRequested", s.reconnectsRequested.sum());
        conn.put("reconnects", s.reconnects.sum());
        conn.put("disconnects", s.disconnects.sum());
        m.put("connections", conn);

        Map<String, Object> shares = new LinkedHashMap<>();
        shares.put("submitted", s.submits.sum());
        shares.put("accepted", s.accepted.sum());
        shares.put("rejected", s.rejectedTotal());
        shares.put("rejectedByReason", s.rejectedByReason());
        shares.put("submitsPerSecond", round(w.submits() / seconds));
        shares.put("acceptedPerSecond", round(w.accepted() / seconds));
        shares.put("unanswered", Math.max(0, s.submits.sum() - s.accepted.sum() - s.rejectedTotal()));
        if (s.hashes.sum() > 0) {
            shares.put("hashes", s.hashes.sum());
            shares.put("hashesPerSecond", round(s.hashes.sum() / seconds));
        }
        m.put("shares", shares);

        LogHistogram.Snapshot lat = w.latency(); // measured window only
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("count", lat.count());
        latency.put("p50", lat.percentile(0.50));
        latency.put("p99", lat.percentile(0.99));
        latency.put("p999", lat.percentile(0.999));
        latency.put("max", lat.max());
        m.put("submitToVerdictMicros", latency);

        m.put("jobs", s.jobs.sum());
        m.put("cleanJobs", s.cleanJobs.sum());
        List<Map<String, Object>> receipts = new ArrayList<>();
        for (JobReceipts.Receipt r : s.jobReceipts.receipts()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("jobId", r.jobId());
            e.put("prevHash", r.prevHash());
            e.put("miners", r.miners());
            e.put("firstReceiptEpochMicros", r.firstEpochMicros());
            e.put("lastReceiptEpochMicros", r.lastEpochMicros());
            e.put("spreadMicros", r.spreadMicros());
            receipts.add(e);
        }
        m.put("cleanJobReceipts", receipts);
        m.put("protocolErrors", s.protocolErrors.sum());

        Map<String, Object> gen = new LinkedHashMap<>();
        gen.put("cpuSeconds", round(w.cpuNanos() / 1e9));
        gen.put("cpuCoresAverage", round(w.cpuNanos() / 1e9 / seconds));
        gen.put("ioThreads", cfg.ioThreads());
        if (cfg.mode() == ShareMode.REAL) gen.put("hashThreads", cfg.hashThreads());
        m.put("loadGenerator", gen);
        return new FleetSummary(m);
    }

    public Map<String, Object> asMap() {
        return root;
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("summary is not serializable", e);
        }
    }

    public void writeTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, toJson() + "\n");
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
