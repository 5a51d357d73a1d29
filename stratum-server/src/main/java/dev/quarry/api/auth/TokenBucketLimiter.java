package dev.quarry.api.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per identity (API key id, or client IP): {@code capacity} tokens, refilled at
 * {@code perSecond}. A refused request learns how many whole seconds until a token is back (the
 * Retry-After value). The table is bounded: when full, the least recently used bucket is dropped
 * (a dropped bucket comes back full, which only ever errs on the side of the client).
 */
public final class TokenBucketLimiter {

    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    private final double capacity;
    private final double perSecond;
    private final int maxIdentities;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    public TokenBucketLimiter(double capacity, double perSecond, int maxIdentities, LongSupplier nanoClock) {
        if (capacity < 1 || perSecond <= 0 || maxIdentities < 1) throw new IllegalArgumentException("bad rate limit parameters");
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.maxIdentities = maxIdentities;
        this.nanoClock = nanoClock;
    }

    public synchronized Decision tryAcquire(String identity) {
        long now = nanoClock.getAsLong();
        Bucket b = buckets.get(identity);
        if (b == null) {
            if (buckets.size() >= maxIdentities) {
                Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator();
                it.next();
                it.remove();
            }
            b = new Bucket();
            b.tokens = capacity;
            b.lastNanos = now;
            buckets.put(identity, b);
        } else {
            double elapsed = (now - b.lastNanos) / 1e9;
            b.tokens = Math.min(capacity, b.tokens + elapsed * perSecond);
            b.lastNanos = now;
        }
        if (b.tokens >= 1.0) {
            b.tokens -= 1.0;
            return new Decision(true, 0);
        }
        long wait = (long) Math.ceil((1.0 - b.tokens) / perSecond);
        return new Decision(false, Math.max(1, wait));
    }
}
