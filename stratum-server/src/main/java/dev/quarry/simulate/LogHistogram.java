package dev.quarry.simulate;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-bucket histogram of non-negative longs (HdrHistogram-like, 7 significant bits):
 * values below 128 are exact, larger ones fall into buckets of relative width 1/64, so a reported
 * percentile is within 1.6% of the true value. Recording is one atomic increment; snapshots are
 * plain arrays that can be subtracted to get an interval.
 */
public final class LogHistogram {

    private static final int LINEAR = 128;
    private static final int SUB = 64;
    static final int BUCKETS = LINEAR + (62 - 7 + 1) * SUB; // exponents 7..62 cover every positive long

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long value) {
        counts.incrementAndGet(indexOf(Math.max(0, value)));
    }

    public Snapshot snapshot() {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) c[i] = counts.get(i);
        return new Snapshot(c);
    }

    static int indexOf(long v) {
        if (v < LINEAR) return (int) v;
        int exp = 63 - Long.numberOfLeadingZeros(v); // >= 7
        int top = (int) (v >>> (exp - 6));          // 64..127
        return LINEAR + (exp - 7) * SUB + (top - SUB);
    }

    /** Smallest value that lands in bucket {@code i}. */
    static long lowerBound(int i) {
        if (i < LINEAR) return i;
        int exp = (i - LINEAR) / SUB + 7;
        int top = (i - LINEAR) % SUB + SUB;
        return (long) top << (exp - 6);
    }

    /** Value reported for bucket {@code i}: its midpoint (exact below 128). */
    static long representative(int i) {
        if (i < LINEAR) return i;
        long lo = lowerBound(i);
        int exp = (i - LINEAR) / SUB + 7;
        long width = 1L << (exp - 6);
        return lo + (width - 1) / 2;
    }

    /** Immutable counts; {@link #minus} gives the interval between two snapshots. */
    public static final class Snapshot {
        private final long[] counts;
        private final long total;

        Snapshot(long[] counts) {
            this.counts = counts;
            long t = 0;
            for (long c : counts) t += c;
            this.total = t;
        }

        public long count() {
            return total;
        }

        public Snapshot minus(Snapshot earlier) {
            long[] d = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) d[i] = counts[i] - earlier.counts[i];
            return new Snapshot(d);
        }

        /** The value at quantile {@code q} (0..1), or 0 when empty. */
        public long percentile(double q) {
            if (total == 0) return 0;
            long rank = Math.max(1, (long) Math.ceil(q * total));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += counts[i];
                if (seen >= rank) return representative(i);
            }
            return representative(BUCKETS - 1);
        }

        public long max() {
            for (int i = BUCKETS - 1; i >= 0; i--) if (counts[i] > 0) return representative(i);
            return 0;
        }
    }
}
