package dev.quarry.stratum.abuse;

import java.util.ArrayDeque;

/** Counts a connection's invalid shares in a sliding time window (pure; time passed in). */
public final class InvalidShareTracker {

    private final int limit;
    private final long windowNanos;
    /** Created at the first invalid share: most connections never send one. */
    private ArrayDeque<Long> times;

    public InvalidShareTracker(int limit, long windowNanos) {
        this.limit = limit;
        this.windowNanos = windowNanos;
    }

    /** Records one invalid share; returns true when the limit is now exceeded. */
    public boolean recordInvalid(long nowNanos) {
        if (times == null) times = new ArrayDeque<>();
        while (!times.isEmpty() && nowNanos - times.peekFirst() > windowNanos) times.pollFirst();
        times.addLast(nowNanos);
        return times.size() > limit;
    }
}
