package dev.quarry.pow.nativeengine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import dev.quarry.pow.target.Target256;
import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * One million random shares through the Java path and the native path must give byte-identical
 * headers, hashes, txids, merkle roots, difficulties and verdicts. Rounds alternate between one
 * JNI call per share and batches of random size (1..40, so 16-lane, paired and single lanes
 * all occur); every share goes through exactly one native path to keep the test short.
 */
class NativeJavaEqualityTest {

    private static final int SHARES = 1_000_000;
    private static final int MAX_BATCH = 40;

    /** Verdict targets: one most random hashes meet, one about half meet, one almost none meet. */
    private static final Target256[] TARGETS = {
        Target256.of(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).shiftRight(1)),
        Target256.of(BigInteger.ONE.shiftLeft(255)),
        Target256.of(BigInteger.ONE.shiftLeft(224)),
    };

    @Test
    void millionRandomSharesMatchTheJavaPath() {
        NativeShareValidator nat = NativeTestSupport.validator();
        ShareValidator java = new ShareValidator();
        RandomShares r = new RandomShares(20261127L, 257);

        ShareOutcome expected = new ShareOutcome();
        ShareOutcome single = new ShareOutcome();
        NativeShareBatch batch = new NativeShareBatch(MAX_BATCH);
        ShareOutcome[] batchOut = new ShareOutcome[MAX_BATCH];
        ShareOutcome[] batchRef = new ShareOutcome[MAX_BATCH];
        for (int i = 0; i < MAX_BATCH; i++) {
            batchOut[i] = new ShareOutcome();
            batchRef[i] = new ShareOutcome();
        }

        int done = 0;
        int metHalf = 0;
        boolean singles = true;
        while (done < SHARES) {
            int n = Math.min(SHARES - done, 1 + r.nextInt(MAX_BATCH));
            batch.clear();
            for (int i = 0; i < n; i++) {
                ShareJob job = r.job();
                byte[] en1 = r.extranonce1();
                byte[] en2 = r.extranonce2();
                int ntime = r.nextInt();
                int nonce = r.nextInt();
                int version = r.nextInt();
                java.validate(job, en1, en2, ntime, nonce, version, batchRef[i]);
                if (singles) {
                    nat.validate(job, en1, en2, ntime, nonce, version, single);
                    assertSame(batchRef[i], single, done + i, "single");
                } else {
                    batch.add(job, en1, en2, ntime, nonce, version, batchOut[i]);
                }
            }
            if (!singles) {
                nat.validateBatch(batch);
                for (int i = 0; i < n; i++) {
                    assertSame(batchRef[i], batchOut[i], done + i, "batch of " + n);
                }
            }
            for (int i = 0; i < n; i++) {
                if (batchRef[i].meets(TARGETS[1])) {
                    metHalf++;
                }
            }
            singles = !singles;
            done += n;
        }
        // the verdict comparison is only meaningful if both verdicts occurred often
        assertTrue(metHalf > SHARES / 3 && metHalf < 2 * SHARES / 3, "half-target verdicts: " + metHalf);
    }

    /**
     * The batch path has a faster branch for batches whose shares all use one job with the same
     * extranonce lengths (what a pool's batch usually is), which random jobs per share above
     * almost never produce. Here every batch is of one job and one extranonce shape (random per
     * batch); one batch in four gets an intruder (another job or another extranonce2 length),
     * which must send the batch down the general branch with the same results.
     */
    @Test
    void batchesOfOneJobMatchTheJavaPath() {
        NativeShareValidator nat = NativeTestSupport.validator();
        ShareValidator java = new ShareValidator();
        RandomShares r = new RandomShares(20261128L, 64);
        NativeShareBatch batch = new NativeShareBatch(MAX_BATCH);
        ShareOutcome[] outs = new ShareOutcome[MAX_BATCH];
        ShareOutcome[] refs = new ShareOutcome[MAX_BATCH];
        for (int i = 0; i < MAX_BATCH; i++) {
            outs[i] = new ShareOutcome();
            refs[i] = new ShareOutcome();
        }
        int shares = 0;
        for (int round = 0; shares < 200_000; round++) {
            int n = 1 + r.nextInt(MAX_BATCH);
            ShareJob job = r.job();
            int en1Len = r.extranonce1().length;
            int en2Len = r.extranonce2().length;
            int intruder = round % 4 == 0 ? r.nextInt(n) : -1;
            batch.clear();
            for (int i = 0; i < n; i++) {
                ShareJob j = i == intruder && r.nextInt(2) == 0 ? r.job() : job;
                byte[] en1 = r.bytes(en1Len);
                byte[] en2 = r.bytes(i == intruder && j == job ? (en2Len + 1) % 17 : en2Len);
                int ntime = r.nextInt();
                int nonce = r.nextInt();
                int version = r.nextInt();
                java.validate(j, en1, en2, ntime, nonce, version, refs[i]);
                batch.add(j, en1, en2, ntime, nonce, version, outs[i]);
            }
            nat.validateBatch(batch);
            for (int i = 0; i < n; i++) {
                assertSame(refs[i], outs[i], shares + i, "one-job batch of " + n + (intruder >= 0 ? " with an intruder" : ""));
            }
            shares += n;
        }
    }

    @Test
    void portableCEngineMatchesTheJavaPathToo() {
        NativeShareValidator nat = NativeTestSupport.validator();
        int engine = NativeSha.selectEngine(NativeSha.ENGINE_PORTABLE);
        try {
            assertEquals(NativeSha.ENGINE_PORTABLE, engine);
            assertEquals(1, NativeSha.batchLanes());
            ShareValidator java = new ShareValidator();
            RandomShares r = new RandomShares(7L, 31);
            ShareOutcome a = new ShareOutcome();
            ShareOutcome b = new ShareOutcome();
            NativeShareBatch batch = new NativeShareBatch(8);
            ShareOutcome[] outs = new ShareOutcome[8];
            ShareOutcome[] refs = new ShareOutcome[8];
            for (int round = 0; round < 500; round++) {
                batch.clear();
                for (int i = 0; i < 8; i++) {
                    ShareJob job = r.job();
                    byte[] en1 = r.extranonce1();
                    byte[] en2 = r.extranonce2();
                    int t = r.nextInt();
                    int n = r.nextInt();
                    int v = r.nextInt();
                    java.validate(job, en1, en2, t, n, v, a);
                    nat.validate(job, en1, en2, t, n, v, b);
                    assertSame(a, b, round * 8 + i, "portable single");
                    refs[i] = new ShareOutcome();
                    outs[i] = new ShareOutcome();
                    java.validate(job, en1, en2, t, n, v, refs[i]);
                    batch.add(job, en1, en2, t, n, v, outs[i]);
                }
                nat.validateBatch(batch);
                for (int i = 0; i < 8; i++) {
                    assertSame(refs[i], outs[i], round * 8 + i, "portable batch");
                }
            }
        } finally {
            NativeTestSupport.loadBest();
        }
    }

    @Test
    void inputsBeyondNativeLimitsFallBackToJavaWithIdenticalResults() {
        NativeShareValidator nat = NativeTestSupport.validator();
        ShareValidator java = new ShareValidator();
        RandomShares r = new RandomShares(99L, 4);
        ShareJob job = r.jobs[0];
        byte[] longEn2 = r.bytes(NativeSha.SHARE_MAX_EN + 1);
        byte[] en1 = r.bytes(4);
        ShareOutcome a = new ShareOutcome();
        ShareOutcome b = new ShareOutcome();
        java.validate(job, en1, longEn2, 1, 2, 3, a);
        nat.validate(job, en1, longEn2, 1, 2, 3, b);
        assertSame(a, b, 0, "long extranonce2, single");

        NativeShareBatch batch = new NativeShareBatch(3);
        ShareOutcome[] outs = {new ShareOutcome(), new ShareOutcome(), new ShareOutcome()};
        batch.add(job, en1, r.bytes(8), 5, 6, 7, outs[0]);
        batch.add(job, en1, longEn2, 1, 2, 3, outs[1]);
        batch.add(r.jobs[1], en1, r.bytes(8), 8, 9, 10, outs[2]);
        nat.validateBatch(batch);
        assertSame(a, outs[1], 1, "long extranonce2 inside a batch");
        ShareOutcome ref = new ShareOutcome();
        java.validate(r.jobs[1], en1, batch.extranonce2[2], 8, 9, 10, ref);
        assertSame(ref, outs[2], 2, "entry after the fallback");
    }

    static void assertSame(ShareOutcome expected, ShareOutcome actual, int index, String path) {
        if (!Arrays.equals(expected.hash(), actual.hash()) || !Arrays.equals(expected.header(), actual.header())
                || !Arrays.equals(expected.coinbaseTxid(), actual.coinbaseTxid())
                || !Arrays.equals(expected.merkleRoot(), actual.merkleRoot())) {
            assertArrayEquals(expected.header(), actual.header(), path + " header, share " + index);
            assertArrayEquals(expected.coinbaseTxid(), actual.coinbaseTxid(), path + " txid, share " + index);
            assertArrayEquals(expected.merkleRoot(), actual.merkleRoot(), path + " root, share " + index);
            assertArrayEquals(expected.hash(), actual.hash(), path + " hash, share " + index);
            fail("unreachable");
        }
        // the difficulty is a function of the hash alone (BigInteger division, slow): sample it
        if ((index & 63) == 0
                && Double.doubleToRawLongBits(expected.achievedDifficulty()) != Double.doubleToRawLongBits(actual.achievedDifficulty())) {
            fail(path + " difficulty, share " + index + ": " + expected.achievedDifficulty() + " vs " + actual.achievedDifficulty());
        }
        for (Target256 t : TARGETS) {
            if (expected.meets(t) != actual.meets(t)) {
                fail(path + " verdict, share " + index);
            }
        }
    }
}
