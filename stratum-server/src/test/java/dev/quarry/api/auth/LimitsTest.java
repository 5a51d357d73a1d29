package dev.quarry.api.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitsTest {

    @Test
    void tokenBucketAllowsBurstThenRefusesWithRetryAfterThenRefills() {
        AtomicLong nanos = new AtomicLong();
        TokenBucketLimiter l = new TokenBucketLimiter(3, 0.5, 100, nanos::get);
        for (int i = 0; i < 3; i++) assertTrue(l.tryAcquire("k").allowed());
        TokenBucketLimiter.Decision d = l.tryAcquire("k");
        assertFalse(d.allowed());
        assertEquals(2, d.retryAfterSeconds(), "0.5 token/s: a whole token is 2 s away");
        assertTrue(l.tryAcquire("other").allowed(), "buckets are per identity");
        nanos.addAndGet(2_000_000_000L);
        assertTrue(l.tryAcquire("k").allowed());
        assertFalse(l.tryAcquire("k").allowed());
    }

    @Test
    void tokenBucketTableIsBounded() {
        AtomicLong nanos = new AtomicLong();
        TokenBucketLimiter l = new TokenBucketLimiter(1, 0.001, 2, nanos::get);
        assertTrue(l.tryAcquire("a").allowed());
        assertFalse(l.tryAcquire("a").allowed());
        assertTrue(l.tryAcquire("b").allowed());
        assertTrue(l.tryAcquire("c").allowed()); // evicts the least recently used ("a")
        assertTrue(l.tryAcquire("a").allowed());
    }

    @Test
    void nonceCacheForgetsOnlyExpiredEntries() {
        NonceCache c = new NonceCache(3);
        assertEquals(NonceCache.Result.FRESH, c.checkAndRecord("k", "n1", 100, 130));
        assertEquals(NonceCache.Result.FRESH, c.checkAndRecord("k2", "n1", 100, 130), "nonces are per key");
        assertEquals(NonceCache.Result.REUSED, c.checkAndRecord("k", "n1", 129, 159));
        assertEquals(NonceCache.Result.FRESH, c.checkAndRecord("k", "n2", 100, 200));
        assertEquals(NonceCache.Result.FULL, c.checkAndRecord("k", "n3", 110, 140));
        assertEquals(NonceCache.Result.FRESH, c.checkAndRecord("k", "n3", 131, 161));
        assertEquals(2, c.size());
    }
}
