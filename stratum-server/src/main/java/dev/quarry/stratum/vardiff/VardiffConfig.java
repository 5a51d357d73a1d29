package dev.quarry.stratum.vardiff;

import java.time.Duration;

/**
 * Variable-difficulty settings of one port.
 *
 * @param targetShareInterval the share interval vardiff aims for per connection
 * @param retargetWindow      rolling window over which the share rate is measured; a retarget is
 *                            considered once this much time passed since the last one
 * @param windowShares        a retarget is also considered as soon as this many shares arrived in the window
 * @param variance            relative deviation of the ideal difficulty from the current one that is tolerated
 *                            without a change (e.g. 0.3 = 30 %)
 * @param minDifficulty       lower bound (positive, may be fractional down to 2^-32)
 * @param maxDifficulty       upper bound
 */
public record VardiffConfig(Duration targetShareInterval, Duration retargetWindow, int windowShares,
                            double variance, double minDifficulty, double maxDifficulty) {

    public static final double SMALLEST_DIFFICULTY = 0x1p-32;

    public VardiffConfig {
        if (targetShareInterval.isNegative() || targetShareInterval.isZero()) throw new IllegalArgumentException("targetShareInterval must be positive");
        if (retargetWindow.isNegative() || retargetWindow.isZero()) throw new IllegalArgumentException("retargetWindow must be positive");
        if (windowShares < 1) throw new IllegalArgumentException("windowShares must be >= 1");
        if (!(variance >= 0 && variance < 1)) throw new IllegalArgumentException("variance must be in [0,1)");
        if (!(minDifficulty >= SMALLEST_DIFFICULTY)) throw new IllegalArgumentException("minDifficulty must be >= 2^-32");
        if (!(maxDifficulty >= minDifficulty) || Double.isInfinite(maxDifficulty)) throw new IllegalArgumentException("maxDifficulty must be finite and >= minDifficulty");
    }

    /** Defaults that suit ASICs: one share every 10 s, retarget over 60 s or 30 shares. */
    public static VardiffConfig defaults(double min, double max) {
        return new VardiffConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), 30, 0.3, min, max);
    }

    public double clamp(double difficulty) {
        return Math.max(minDifficulty, Math.min(maxDifficulty, difficulty));
    }
}
