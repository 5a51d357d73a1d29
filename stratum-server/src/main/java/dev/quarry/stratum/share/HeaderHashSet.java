package dev.quarry.stratum.share;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A set of 32-byte header hashes kept in flat {@code long} arrays: four longs per hash, open
 * addressing with linear probing, split into stripes with one lock each so that the event loops
 * rarely meet.
 *
 * <p>Why not a {@code ConcurrentHashMap} of byte arrays: a pool remembers every accepted share of
 * every live job (tens of shares per second per rig, for the minutes a job lives), and each entry
 * there is three objects (node, key, array), about 110 bytes that the garbage collector must copy
 * and trace at every young collection. At 20k shares/s that made young pauses of 70–150 ms on
 * two cores. Here an entry is 32 bytes of primitive array that the collector never traces.
 *
 * <p>Exact: the whole hash is compared; nothing is probabilistic. The slot index comes from the
 * hash's first (least significant, uniformly random) eight bytes mixed with a per-set random seed.
 */
final class HeaderHashSet {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int STRIPES = 16;                    // power of two
    private static final int INITIAL_SLOTS_PER_STRIPE = 64;   // power of two

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final long seed = ThreadLocalRandom.current().nextLong() | 1;

    HeaderHashSet() {
        for (int i = 0; i < STRIPES; i++) stripes[i] = new Stripe();
    }

    /** Adds the hash; false if it was already present. */
    boolean add(byte[] hash) {
        checkLength(hash);
        long a = word(hash, 0), b = word(hash, 1), c = word(hash, 2), d = word(hash, 3);
        long mixed = mix(a);
        return stripes[(int) (mixed >>> 60) & (STRIPES - 1)].add(mixed, a, b, c, d);
    }

    /** Removes the hash; false if it was not present. */
    boolean remove(byte[] hash) {
        checkLength(hash);
        long a = word(hash, 0), b = word(hash, 1), c = word(hash, 2), d = word(hash, 3);
        long mixed = mix(a);
        return stripes[(int) (mixed >>> 60) & (STRIPES - 1)].remove(mixed, a, b, c, d);
    }

    int size() {
        int n = 0;
        for (Stripe s : stripes) n += s.size();
        return n;
    }

    private static void checkLength(byte[] hash) {
        if (hash.length != 32) throw new IllegalArgumentException("a header hash has 32 bytes, got " + hash.length);
    }

    private static long word(byte[] hash, int i) {
        return (long) LONGS.get(hash, i * 8);
    }

    /** Murmur3's 64-bit finaliser over the seeded first word: spreads the index bits even if hashes were chosen. */
    private long mix(long a) {
        long x = a * seed;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }

    /**
     * One lock's share of the set. Slot {@code i} occupies {@code keys[4i..4i+3]}; a slot is empty
     * when {@code used[i]} is false (so an all-zero hash is an ordinary member).
     */
    private final class Stripe {
        private long[] keys = new long[INITIAL_SLOTS_PER_STRIPE * 4];
        private boolean[] used = new boolean[INITIAL_SLOTS_PER_STRIPE];
        private int size;

        synchronized int size() {
            return size;
        }

        synchronized boolean add(long mixed, long a, long b, long c, long d) {
            int mask = used.length - 1;
            int i = (int) mixed & mask;
            while (used[i]) {
                if (matches(i, a, b, c, d)) return false;
                i = (i + 1) & mask;
            }
            put(i, a, b, c, d);
            if (++size > used.length - (used.length >> 2)) grow(); // load factor at most 3/4
            return true;
        }

        synchronized boolean remove(long mixed, long a, long b, long c, long d) {
            int mask = used.length - 1;
            int i = (int) mixed & mask;
            while (used[i]) {
                if (matches(i, a, b, c, d)) {
                    deleteAt(i);
                    size--;
                    return true;
                }
                i = (i + 1) & mask;
            }
            return false;
        }

        private boolean matches(int i, long a, long b, long c, long d) {
            int k = i * 4;
            return keys[k] == a && keys[k + 1] == b && keys[k + 2] == c && keys[k + 3] == d;
        }

        private void put(int i, long a, long b, long c, long d) {
            int k = i * 4;
            keys[k] = a;
            keys[k + 1] = b;
            keys[k + 2] = c;
            keys[k + 3] = d;
            used[i] = true;
        }

        /** Backward-shift deletion: later members of the probe run move up, so lookups need no tombstones. */
        private void deleteAt(int hole) {
            int mask = used.length - 1;
            int i = hole;
            while (true) {
                i = (i + 1) & mask;
                if (!used[i]) break;
                int home = homeSlot(i, mask);
                // move the member at i into the hole unless its home lies cyclically in (hole, i]
                boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
                if (!homeBetween) {
                    System.arraycopy(keys, i * 4, keys, hole * 4, 4);
                    used[hole] = true;
                    hole = i;
                }
            }
            used[hole] = false;
        }

        private int homeSlot(int i, int mask) {
            return (int) mix(keys[i * 4]) & mask;
        }

        private void grow() {
            long[] oldKeys = keys;
            boolean[] oldUsed = used;
            keys = new long[oldKeys.length * 2];
            used = new boolean[oldUsed.length * 2];
            int mask = used.length - 1;
            for (int j = 0; j < oldUsed.length; j++) {
                if (!oldUsed[j]) continue;
                int k = j * 4;
                int i = (int) mix(oldKeys[k]) & mask;
                while (used[i]) i = (i + 1) & mask;
                System.arraycopy(oldKeys, k, keys, i * 4, 4);
                used[i] = true;
            }
        }
    }
}
