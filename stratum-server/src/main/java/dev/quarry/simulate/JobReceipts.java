package dev.quarry.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each broadcast clean job reached the fleet: first and last receipt over all miners.
 * Jobs a miner gets as its very first job after subscribing are not broadcasts and are left out.
 * Times are wall-clock microseconds (so a script can compare with the moment it triggered a new
 * block) derived from one anchor plus the monotonic clock.
 */
public final class JobReceipts {

    private static final int MAX_JOBS = 512;

    private final long anchorEpochMicros = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
    private final long anchorNanos = System.nanoTime();
    private final Map<String, Receipt> byJob = new LinkedHashMap<>();

    public record Receipt(String jobId, String prevHash, long miners, long firstEpochMicros, long lastEpochMicros) {
        public long spreadMicros() {
            return lastEpochMicros - firstEpochMicros;
        }
    }

    public long epochMicros(long nanoTime) {
        return anchorEpochMicros + (nanoTime - anchorNanos) / 1000;
    }

    public synchronized void record(MinerJob job, long nanoTime) {
        long t = epochMicros(nanoTime);
        Receipt r = byJob.get(job.jobId());
        if (r == null) {
            if (byJob.size() >= MAX_JOBS) byJob.remove(byJob.keySet().iterator().next());
            byJob.put(job.jobId(), new Receipt(job.jobId(), job.prevHash(), 1, t, t));
        } else {
            byJob.put(job.jobId(), new Receipt(r.jobId(), r.prevHash(), r.miners() + 1,
                    Math.min(r.firstEpochMicros(), t), Math.max(r.lastEpochMicros(), t)));
        }
    }

    public synchronized List<Receipt> receipts() {
        return new ArrayList<>(byJob.values());
    }
}
