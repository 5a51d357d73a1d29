package dev.quarry.pow.share;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.pow.reference.Reference;
import dev.quarry.pow.sha.JavaSha256Engine;
import org.junit.jupiter.api.Test;

class ShareJobTest {

    private static ShareJob jobWithCoinb1(int length) {
        byte[] coinb1 = new byte[length];
        for (int i = 0; i < length; i++) {
            coinb1[i] = (byte) (i * 7 + 1);
        }
        return new ShareJob(new byte[32], coinb1, new byte[] {9, 9}, new byte[0][], 2, 0x1d00ffff);
    }

    @Test
    void midstateCoversTheWholeBlocksOfCoinb1() {
        assertEquals(0, jobWithCoinb1(0).midstateBytes());
        assertEquals(0, jobWithCoinb1(63).midstateBytes());
        assertEquals(64, jobWithCoinb1(64).midstateBytes());
        assertEquals(64, jobWithCoinb1(122).midstateBytes());
        assertEquals(128, jobWithCoinb1(128).midstateBytes());
    }

    @Test
    void precomputedMidstateIsTheStateAfterTheFirstBlock() {
        ShareJob job = jobWithCoinb1(100);
        int[] expected = new int[8];
        new JavaSha256Engine().midstate(job.coinb1(), 0, expected);
        assertArrayEquals(expected, job.coinb1Prefix().midstateCopy());
    }

    @Test
    void coinbaseIsTheFourPartsInOrder() {
        ShareJob job = jobWithCoinb1(3);
        assertArrayEquals(new byte[] {1, 8, 15, 5, 6, 7, 9, 9}, job.coinbase(new byte[] {5, 6}, new byte[] {7}));
        ShareOutcome out = new ShareOutcome();
        new ShareValidator().validate(job, new byte[] {5, 6}, new byte[] {7}, 0, 0, 2, out);
        assertArrayEquals(Reference.sha256d(job.coinbase(new byte[] {5, 6}, new byte[] {7})), out.coinbaseTxid());
    }
}
