package dev.quarry.api.auth;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers (key id, nonce) pairs until they can no longer pass the timestamp check, so a captured
 * request cannot be replayed inside the window. Bounded: when full of still-live entries it refuses
 * new ones rather than forgetting live ones (forgetting would reopen replay).
 */
public final class NonceCache {

    public enum Result { FRESH, REUSED, FULL }

    private record Entry(String id, long expiresAt) {
    }

    private final int capacity;
    private final Map<String, Long> live = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>(Comparator.comparingLong(Entry::expiresAt));

    public NonceCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.capacity = capacity;
    }

    /**
     * Records the nonce if unseen. {@code expiresAt} (epoch seconds) is when the request's timestamp
     * leaves the acceptance window; entries are kept until then.
     */
    public synchronized Result checkAndRecord(String keyId, String nonce, long nowSeconds, long expiresAt) {
        evictExpired(nowSeconds);
        String id = keyId + '\n' + nonce;
        if (live.containsKey(id)) return Result.REUSED;
        if (live.size() >= capacity) return Result.FULL;
        live.put(id, expiresAt);
        byExpiry.add(new Entry(id, expiresAt));
        return Result.FRESH;
    }

    private void evictExpired(long now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt < now) {
            live.remove(byExpiry.poll().id);
        }
    }

    public synchronized int size() {
        return live.size();
    }
}
