package dev.quarry.simulate;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The once-a-second progress line: connections, submits/s, verdicts by reason, latency, own CPU. */
final class ProgressReporter {

    private final FleetStats stats;
    private final int target;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private long lastSubmits;
    private long lastAccepted;
    private long lastElapsed;
    private long lastCpu;
    private LogHistogram.Snapshot lastLatency;

    ProgressReporter(FleetStats stats, int target, PrintStream out) {
        this.stats = stats;
        this.target = target;
        this.out = out;
        this.lastLatency = stats.submitLatencyMicros.snapshot();
    }

    void report(long elapsedNanos, long cpuNanos) {
        out.print(terminal ? "\r" + line(elapsedNanos, cpuNanos) + "\u001b[K" : line(elapsedNanos, cpuNanos) + "\n");
        out.flush();
    }

    void finish() {
        if (terminal) out.println();
    }

    String line(long elapsedNanos, long cpuNanos) {
        long submits = stats.submits.sum();
        long accepted = stats.accepted.sum();
        double dt = Math.max(1e-9, (elapsedNanos - lastElapsed) / 1e9);
        double submitRate = (submits - lastSubmits) / dt;
        double acceptRate = (accepted - lastAccepted) / dt;
        double cpuPct = 100.0 * (cpuNanos - lastCpu) / Math.max(1, elapsedNanos - lastElapsed);
        LogHistogram.Snapshot now = stats.submitLatencyMicros.snapshot();
        LogHistogram.Snapshot interval = now.minus(lastLatency);
        lastLatency = now;
        lastSubmits = submits;
        lastAccepted = accepted;
        lastElapsed = elapsedNanos;
        lastCpu = cpuNanos;
        StringBuilder sb = new StringBuilder(160);
        sb.append(String.format(Locale.ROOT, "t=%ds conn=%d/%d auth=%d submits/s=%.0f acc/s=%.0f acc=%d rej=%d",
                elapsedNanos / 1_000_000_000L, stats.connected.get(), target, stats.authorized.get(),
                submitRate, acceptRate, accepted, stats.rejectedTotal()));
        Map<String, Long> byReason = stats.rejectedByReason();
        if (!byReason.isEmpty()) {
            sb.append(" {");
            boolean first = true;
            for (Map.Entry<String, Long> e : byReason.entrySet()) {
                if (!first) sb.append(", ");
                sb.append(e.getKey()).append('=').append(e.getValue());
                first = false;
            }
            sb.append('}');
        }
        sb.append(String.format(Locale.ROOT, " p50=%.2fms p99=%.2fms", interval.percentile(0.50) / 1000.0,
                interval.percentile(0.99) / 1000.0));
        long reconnects = stats.reconnects.sum();
        if (reconnects > 0) sb.append(" reconnects=").append(reconnects);
        long hashes = stats.hashes.sum();
        if (hashes > 0) sb.append(" hashes=").append(hashes);
        sb.append(String.format(Locale.ROOT, " gen-cpu=%.0f%%", cpuPct));
        return sb.toString();
    }
}
