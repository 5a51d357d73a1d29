package dev.quarry.simulate;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by every simulated miner; cheap to update from any event-loop thread. */
public final class FleetStats {

    public final AtomicInteger connected = new AtomicInteger();
    public final AtomicInteger peakConnected = new AtomicInteger();
    public final AtomicInteger authorized = new AtomicInteger();
    public final LongAdder connectAttempts = new LongAdder();
    public final LongAdder connectFailures = new LongAdder();
    public final LongAdder handshakeFailures = new LongAdder();
    public final LongAdder reconnectsRequested = new LongAdder();
    public final LongAdder reconnects = new LongAdder();
    public final LongAdder disconnects = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    public final LongAdder jobs = new LongAdder();
    public final LongAdder cleanJobs = new LongAdder();
    public final LongAdder submits = new LongAdder();
    public final LongAdder accepted = new LongAdder();
    public final LongAdder hashes = new LongAdder();
    public final LogHistogram submitLatencyMicros = new LogHistogram();
    public final JobReceipts jobReceipts = new JobReceipts();
    private final ConcurrentHashMap<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> failureReasons = new ConcurrentHashMap<>();
    /** When every miner of the run was connected and authorized, in nanoTime; 0 until then. */
    public volatile long allAuthorizedNanos;

    public void connectionUp() {
        int now = connected.incrementAndGet();
        peakConnected.accumulateAndGet(now, Math::max);
    }

    public void rejected(String reason) {
        rejected.computeIfAbsent(reason == null ? "rejected" : reason, k -> new LongAdder()).increment();
    }

    public void handshakeFailed(String why) {
        handshakeFailures.increment();
        failureReasons.computeIfAbsent(why, k -> new LongAdder()).increment();
    }

    public long rejectedTotal() {
        long n = 0;
        for (LongAdder a : rejected.values()) n += a.sum();
        return n;
    }

    public Map<String, Long> rejectedByReason() {
        Map<String, Long> m = new TreeMap<>();
        rejected.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public Map<String, Long> handshakeFailureReasons() {
        Map<String, Long> m = new TreeMap<>();
        failureReasons.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
