package dev.quarry.stratum.abuse;

import java.util.ArrayDeque;

/** Counts a connection's invalid shares in a sliding time window (pure; time passed in). */
public final class InvalidShareTracker {

    private final int limit;
    private final long windowNanos;
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    public InvalidShareTracker(int limit, long windowNanos) {
        this.limit = limit;
        this.windowNanos = windowNanos;
    }

    /** Records one invalid share; returns true when the limit is now exceeded. */
    public boolean recordInvalid(long nowNanos) {
        while (!times.isEmpty() && nowNanos - times.peekFirst() > windowNanos) times.pollFirst();
        times.addLast(nowNanos);
        return times.size() > limit;
    }
}
