package dev.quarry.stratum.share;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderHashSetTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void behavesLikeAHashSetOfTheWholeHashUnderRandomAddsAndRemoves() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        HeaderHashSet set = new HeaderHashSet();
        Set<String> reference = new HashSet<>();
        List<byte[]> known = new ArrayList<>();
        for (int op = 0; op < 400_000; op++) {
            byte[] h;
            if (!known.isEmpty() && random.nextInt(3) == 0) {
                h = known.get(random.nextInt(known.size())).clone();
            } else {
                h = new byte[32];
                random.nextBytes(h);
                if (random.nextInt(1000) == 0) System.arraycopy(known.isEmpty() ? h : known.get(0), 0, h, 0, 8); // same slot, other hash
                known.add(h);
            }
            String key = HEX.formatHex(h);
            if (random.nextInt(5) == 0) {
                assertEquals(reference.remove(key), set.remove(h), "remove, seed " + seed + " op " + op);
            } else {
                assertEquals(reference.add(key), set.add(h), "add, seed " + seed + " op " + op);
            }
        }
        assertEquals(reference.size(), set.size(), "seed " + seed);
        for (byte[] h : known) assertEquals(!reference.contains(HEX.formatHex(h)), set.add(h.clone()), "seed " + seed);
    }

    @Test
    void hashesDifferingOnlyInTheirLastWordAreDistinctAndAllZeroIsAMember() {
        HeaderHashSet set = new HeaderHashSet();
        byte[] zero = new byte[32];
        assertTrue(set.add(zero));
        assertFalse(set.add(new byte[32]));
        byte[] other = new byte[32];
        other[31] = 1;
        assertTrue(set.add(other));
        assertFalse(set.add(other.clone()));
        assertTrue(set.remove(zero));
        assertFalse(set.remove(zero));
        assertFalse(set.add(other));
        assertThrows(IllegalArgumentException.class, () -> set.add(new byte[31]));
    }

    @Test
    void concurrentAddersGetExactlyOneTrueForEachDistinctHash() throws Exception {
        HeaderHashSet set = new HeaderHashSet();
        int distinct = 200_000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                tasks.add(() -> {
                    int firsts = 0;
                    // every thread offers every hash, starting at a different point
                    for (int k = 0; k < distinct; k++) {
                        int n = (k + offset * distinct / 4) % distinct;
                        if (set.add(hashOf(n))) firsts++;
                    }
                    return firsts;
                });
            }
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) total += f.get();
            assertEquals(distinct, total);
            assertEquals(distinct, set.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] hashOf(int n) {
        byte[] h = new byte[32];
        ByteBuffer.wrap(h).putInt(0, n * 0x9E3779B1).putInt(28, n);
        return h;
    }
}
