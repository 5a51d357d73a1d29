package dev.quarry.stratum.session;

import dev.quarry.pow.hex.Hex;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Default allocator: {@code size}-byte values from a counter (starting at a random point so
 * restarts do not replay the same sequence), with an optional fixed prefix byte for running
 * several stratum nodes with disjoint ranges. Released values can be resumed for
 * {@code resumeWindowNanos}.
 */
public final class SequentialExtranonceAllocator implements ExtranonceAllocator {

    private final int size;
    private final int prefixBytes;
    private final byte[] prefix;
    private final long resumeWindowNanos;
    private final LongSupplier nanoClock;
    private final Set<String> live = new HashSet<>();
    private final Map<String, Long> released = new LinkedHashMap<>();
    private long counter;

    public SequentialExtranonceAllocator(int size, byte[] prefix, long resumeWindowNanos, LongSupplier nanoClock, long seed) {
        if (size < 2 || size > 8) throw new IllegalArgumentException("extranonce1 size must be 2..8 bytes");
        if (prefix.length >= size) throw new IllegalArgumentException("prefix must be shorter than the extranonce1");
        this.size = size;
        this.prefix = prefix.clone();
        this.prefixBytes = prefix.length;
        this.resumeWindowNanos = resumeWindowNanos;
        this.nanoClock = nanoClock;
        this.counter = seed;
    }

    public static SequentialExtranonceAllocator withDefaults() {
        return new SequentialExtranonceAllocator(4, new byte[0], 10L * 60 * 1_000_000_000, System::nanoTime, new java.security.SecureRandom().nextLong());
    }

    @Override
    public synchronized byte[] allocate(String resumeHint) {
        expireReleased();
        if (resumeHint != null) {
            String hint = resumeHint.toLowerCase(java.util.Locale.ROOT);
            if (released.remove(hint) != null && live.add(hint)) return Hex.decode(hint);
        }
        int free = size - prefixBytes;
        long space = free >= 8 ? Long.MAX_VALUE : 1L << (8 * free);
        for (long attempts = 0; attempts < space; attempts++) {
            long v = counter++;
            byte[] en1 = new byte[size];
            System.arraycopy(prefix, 0, en1, 0, prefixBytes);
            for (int i = size - 1; i >= prefixBytes; i--) {
                en1[i] = (byte) v;
                v >>>= 8;
            }
            String hex = Hex.encode(en1);
            if (!live.contains(hex) && !released.containsKey(hex)) {
                live.add(hex);
                return en1;
            }
        }
        throw new IllegalStateException("extranonce1 space exhausted");
    }

    @Override
    public synchronized void release(byte[] extranonce1) {
        String hex = Hex.encode(extranonce1);
        if (live.remove(hex)) released.put(hex, nanoClock.getAsLong());
    }

    private void expireReleased() {
        long now = nanoClock.getAsLong();
        var it = released.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue() > resumeWindowNanos) it.remove();
            else break;
        }
    }
}
