package dev.quarry.stratum.vardiff;

import dev.quarry.pow.target.Difficulty;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShareDifficultyTest {

    @Test
    void targetIsTheExactFloorOfDiff1OverTheDifficulty() {
        // difficulty 1: the diff-1 target 0x00000000ffff0000...; 2^-32: that target times 2^32
        assertEquals("00000000ffff0000000000000000000000000000000000000000000000000000", ShareDifficulty.of(1).targetHex());
        assertEquals("ffff000000000000000000000000000000000000000000000000000000000000", ShareDifficulty.of(Math.pow(2, -32)).targetHex());
        for (double d : new double[]{0.001, 3, 512, 65536.5, 1e12}) {
            BigInteger expect = Difficulty.shareTarget(d);
            ShareDifficulty sd = ShareDifficulty.of(d);
            assertEquals(expect, new BigInteger(sd.targetHex(), 16), "difficulty " + d);
            assertEquals(d, sd.difficulty());
        }
    }

    @Test
    void theSameDifficultyTwiceIsOneSharedInstanceAndAnotherDifficultyIsNot() {
        ShareDifficulty a = ShareDifficulty.of(2048);
        assertSame(a, ShareDifficulty.of(2048), "a static port's connections share one instance");
        ShareDifficulty b = ShareDifficulty.of(4096);
        assertEquals(4096, b.difficulty());
        assertEquals(Difficulty.shareTarget(4096), new BigInteger(b.targetHex(), 16), "the cache never hands out the previous difficulty's target");
        assertEquals(Difficulty.shareTarget(2048), new BigInteger(ShareDifficulty.of(2048).targetHex(), 16));
    }

    @Test
    void portsOfDifferentDifficultiesKeepTheirSharedInstancesWhenUsedInTurn() {
        double[] ports = {1, 0.001, 512, 65536, 0x1p-32};
        ShareDifficulty[] first = new ShareDifficulty[ports.length];
        for (int i = 0; i < ports.length; i++) first[i] = ShareDifficulty.of(ports[i]);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ports.length; i++) {
                ShareDifficulty d = ShareDifficulty.of(ports[i]);
                assertEquals(Difficulty.shareTarget(ports[i]), new BigInteger(d.targetHex(), 16));
                assertSame(first[i], d, "port difficulty " + ports[i] + " after the others");
            }
        }
    }

    @Test
    void outOfRangeDifficultiesAreRefusedEvenRightAfterAValidOne() {
        ShareDifficulty.of(1);
        assertThrows(IllegalArgumentException.class, () -> ShareDifficulty.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ShareDifficulty.of(Math.pow(2, -33)));
        assertThrows(IllegalArgumentException.class, () -> ShareDifficulty.of(Double.POSITIVE_INFINITY));
    }
}
