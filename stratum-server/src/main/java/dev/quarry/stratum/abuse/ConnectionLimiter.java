package dev.quarry.stratum.abuse;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-source-address limits: concurrent connections and new connections per time window.
 * {@link #tryOpen} and {@link #closed} must be paired for admitted connections.
 */
public final class ConnectionLimiter {

    /** Outcome of an admission check. */
    public enum Admission { ADMITTED, TOO_MANY_CONCURRENT, TOO_MANY_NEW }

    private final int maxConcurrent;
    private final int maxNewPerWindow;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, PerAddress> state = new ConcurrentHashMap<>();

    public ConnectionLimiter(int maxConcurrent, int maxNewPerWindow, long windowNanos, LongSupplier nanoClock) {
        this.maxConcurrent = maxConcurrent;
        this.maxNewPerWindow = maxNewPerWindow;
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
    }

    public Admission tryOpen(InetAddress address) {
        long now = nanoClock.getAsLong();
        PerAddress p = state.computeIfAbsent(address, a -> new PerAddress());
        synchronized (p) {
            while (!p.recent.isEmpty() && now - p.recent.peekFirst() > windowNanos) p.recent.pollFirst();
            if (p.recent.size() >= maxNewPerWindow) return Admission.TOO_MANY_NEW;
            p.recent.addLast(now);
            if (p.open >= maxConcurrent) return Admission.TOO_MANY_CONCURRENT;
            p.open++;
            return Admission.ADMITTED;
        }
    }

    public void closed(InetAddress address) {
        PerAddress p = state.get(address);
        if (p == null) return;
        synchronized (p) {
            p.open--;
            if (p.open <= 0 && p.recent.isEmpty()) state.remove(address, p);
        }
    }

    /** Drops bookkeeping of addresses with no open connection and no recent connect (call periodically). */
    public void purgeIdle() {
        long now = nanoClock.getAsLong();
        state.forEach((address, p) -> {
            synchronized (p) {
                while (!p.recent.isEmpty() && now - p.recent.peekFirst() > windowNanos) p.recent.pollFirst();
                if (p.open <= 0 && p.recent.isEmpty()) state.remove(address, p);
            }
        });
    }

    public int open(InetAddress address) {
        PerAddress p = state.get(address);
        if (p == null) return 0;
        synchronized (p) {
            return p.open;
        }
    }

    private static final class PerAddress {
        int open;
        final ArrayDeque<Long> recent = new ArrayDeque<>();
    }
}
