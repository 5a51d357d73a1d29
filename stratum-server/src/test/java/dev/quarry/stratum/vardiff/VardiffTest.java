package dev.quarry.stratum.vardiff;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure vardiff controller driven by a simulated clock and a simulated Poisson miner. */
class VardiffTest {

    private static final long S = 1_000_000_000L;
    private static final VardiffConfig CONFIG = new VardiffConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), 30, 0.3, 0x1p-32, 1e12);

    /** Result of a simulation: final difficulty and the mean share interval over the last half. */
    private record Run(double difficulty, double meanIntervalLastHalf, int retargets) {
    }

    /**
     * A miner with a constant hashrate (in difficulty-1 shares per second) mines jobs sent every
     * 30 s; a job carries the difficulty vardiff proposed before it was sent (as in the server).
     */
    private static Run simulate(double hashrate, double initial, long seconds, long seed) {
        Random rnd = new Random(seed);
        Vardiff v = new Vardiff(CONFIG, initial, 0);
        double jobDifficulty = v.difficulty();
        double t = 0;
        double nextJob = 30;
        int retargets = 0;
        int lateShares = 0;
        double lateStart = seconds / 2.0;
        while (t < seconds) {
            double dt = -Math.log(1 - rnd.nextDouble()) * jobDifficulty / hashrate;
            if (t + dt > nextJob) {
                // Exponential waiting times are memoryless: resampling after the job switch is exact.
                t = nextJob;
                if (!Double.isNaN(v.onTick((long) (t * S)))) retargets++;
                jobDifficulty = v.difficulty();
                nextJob += 30;
                continue;
            }
            t += dt;
            if (!Double.isNaN(v.onShare(jobDifficulty, (long) (t * S)))) retargets++;
            if (t >= lateStart) lateShares++;
        }
        return new Run(v.difficulty(), (seconds - lateStart) / Math.max(1, lateShares), retargets);
    }

    @Test
    void fastMinerConvergesUpToTheTargetInterval() {
        // 1e6 diff-1 shares/s (about 4.3 TH/s): ideal difficulty 1e7 at 10 s per share, starting at 1000.
        Run r = simulate(1e6, 1000, 4 * 3600, 42);
        assertTrue(r.difficulty() > 0.6e7 && r.difficulty() < 1.6e7, "difficulty " + r.difficulty());
        assertTrue(r.meanIntervalLastHalf() > 7 && r.meanIntervalLastHalf() < 14, "interval " + r.meanIntervalLastHalf());
    }

    @Test
    void slowMinerConvergesDownToFractionalDifficulty() {
        // A CPU miner: 0.001 diff-1 shares/s, starting far too high at 1024; ideal 0.01 -> a power of two below 1.
        Run r = simulate(0.001, 1024, 12 * 3600, 7);
        assertTrue(r.difficulty() >= 0x1p-8 && r.difficulty() <= 0x1p-6, "difficulty " + r.difficulty());
        assertEquals(r.difficulty(), Math.scalb(1.0, Math.getExponent(r.difficulty())), "fractional difficulties are powers of two");
        assertTrue(r.meanIntervalLastHalf() > 4 && r.meanIntervalLastHalf() < 16, "interval " + r.meanIntervalLastHalf());
    }

    @Test
    void stableMinerIsNotRetargetedWithinTheVariance() {
        Run r = simulate(1e5, 1e6, 4 * 3600, 3);
        // About 48 windows of 30 shares in 4 hours; a 30-share estimate is off by more than 30 % about
        // one time in ten, so a few retargets are statistics, but not one per window.
        assertTrue(r.retargets() <= 12, "retargets " + r.retargets());
        assertTrue(r.difficulty() > 0.5e6 && r.difficulty() < 1.5e6, "difficulty " + r.difficulty());
    }

    @Test
    void stepsAreBoundedAndClampedToTheConfiguredRange() {
        Vardiff v = new Vardiff(CONFIG, 1, 0);
        for (int i = 0; i < 29; i++) v.onShare(1, i);
        assertEquals(Vardiff.MAX_STEP, v.onShare(1, 30), "at most a factor of 8 per retarget");
        VardiffConfig narrow = new VardiffConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), 30, 0.3, 4, 16);
        Vardiff w = new Vardiff(narrow, 8, 0);
        for (int i = 0; i < 29; i++) w.onShare(8, i);
        assertEquals(16, w.onShare(8, 30));
        assertEquals(4, w.onTick(10 * 60 * S), "no shares for a long time: down, but not below min");
    }

    @Test
    void minimumDifficultyFloorIsRespected() {
        Vardiff v = new Vardiff(CONFIG, 100, 0);
        v.setFloor(64);
        assertTrue(Double.isNaN(v.onTick(30 * S)));
        assertEquals(64, v.onTick(61 * S), "the slow miner is lowered only down to its floor");
    }

    @Test
    void roundingKeepsDifficultiesExactAndShort() {
        assertEquals(1234, Vardiff.round(1234.9));
        assertEquals(0.25, Vardiff.round(0.3));
        assertEquals(0x1p-32, Vardiff.round(1e-20));
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new VardiffConfig(Duration.ZERO, Duration.ofSeconds(1), 1, 0.3, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new VardiffConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0.3, 0x1p-33, 2));
        assertThrows(IllegalArgumentException.class, () -> new VardiffConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0.3, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> ShareDifficulty.of(0));
        assertThrows(IllegalArgumentException.class, () -> ShareDifficulty.of(Double.NaN));
    }
}
