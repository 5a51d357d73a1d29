package dev.quarry.simulate;

import java.util.Arrays;

/**
 * Requests sent and not yet answered, with their kind and send time. The server answers in order
 * per connection, so the match is nearly always the oldest entry; a ring of primitives keeps this
 * allocation-free and small for 100k idle connections (arrays are created on first use).
 */
final class PendingRequests {

    enum Kind { CONFIGURE, SUBSCRIBE, AUTHORIZE, EXTRANONCE_SUBSCRIBE, SUBMIT, OTHER }

    private static final Kind[] KINDS = Kind.values();
    private static final int MAX = 4096;

    private long[] ids = new long[0];
    private long[] sentNanos = new long[0];
    private byte[] kinds = new byte[0];
    private int head;
    private int size;

    void add(long id, Kind kind, long nowNanos) {
        if (size == ids.length) grow();
        if (size == ids.length) { // full at MAX: the oldest is forgotten (never answered)
            head = (head + 1) % ids.length;
            size--;
        }
        int slot = (head + size) % ids.length;
        ids[slot] = id;
        sentNanos[slot] = nowNanos;
        kinds[slot] = (byte) kind.ordinal();
        size++;
    }

    /** Removes the entry for {@code id}; returns its kind, or null if unknown. Its send time goes to {@link #lastSentNanos}. */
    Kind remove(long id) {
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % ids.length;
            if (ids[slot] == id && kinds[slot] >= 0) {
                Kind k = KINDS[kinds[slot]];
                lastSent = sentNanos[slot];
                kinds[slot] = -1;
                while (size > 0 && kinds[head] < 0) {
                    head = (head + 1) % ids.length;
                    size--;
                }
                return k;
            }
        }
        return null;
    }

    private long lastSent;

    long lastSentNanos() {
        return lastSent;
    }

    int size() {
        int n = 0;
        for (int i = 0; i < size; i++) if (kinds[(head + i) % ids.length] >= 0) n++;
        return n;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        int cap = ids.length;
        if (cap >= MAX) return;
        int newCap = cap == 0 ? 8 : Math.min(MAX, cap * 2);
        long[] ni = new long[newCap];
        long[] nt = new long[newCap];
        byte[] nk = new byte[newCap];
        Arrays.fill(nk, (byte) -1);
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % cap;
            ni[i] = ids[slot];
            nt[i] = sentNanos[slot];
            nk[i] = kinds[slot];
        }
        ids = ni;
        sentNanos = nt;
        kinds = nk;
        head = 0;
    }
}
