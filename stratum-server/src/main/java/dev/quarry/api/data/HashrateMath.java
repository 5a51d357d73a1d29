package dev.quarry.api.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Hashrate from shares: a share of difficulty D stands for D × 2^32 hashes on average, so the
 * hashrate over an interval is Σ D × 2^32 / seconds. Done in BigDecimal (the sums are exact) and
 * only turned into a double for display.
 */
public final class HashrateMath {

    private static final BigDecimal TWO_32 = new BigDecimal(BigInteger.ONE.shiftLeft(32));
    /** 0xFFFF × 2^208: the target of difficulty 1. */
    private static final BigInteger DIFF1 = BigInteger.valueOf(0xFFFFL).shiftLeft(208);

    private HashrateMath() {
    }

    /** Hashes per second. */
    public static double hashrate(BigDecimal difficultySum, long seconds) {
        if (seconds <= 0) throw new IllegalArgumentException("interval must be positive, got " + seconds + " s");
        return difficultySum.multiply(TWO_32).divide(BigDecimal.valueOf(seconds), MathContext.DECIMAL64).doubleValue();
    }

    /** Milli-TH/s (the contract unit) as H/s: 1 mTH/s = 10^9 H/s. */
    public static double mthsToHashesPerSecond(long mths) {
        return mths * 1e9;
    }

    /** DIFF1 / target for a compact nBits, for display (Bitcoin's GetDifficulty). */
    public static double networkDifficulty(int nBits) {
        int exponent = (nBits >>> 24) & 0xff;
        long mantissa = nBits & 0x007fffffL;
        if (mantissa == 0 || (nBits & 0x00800000) != 0) return 0;
        BigInteger target = exponent <= 3
                ? BigInteger.valueOf(mantissa >> (8 * (3 - exponent)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (exponent - 3));
        if (target.signum() == 0) return 0;
        return new BigDecimal(DIFF1).divide(new BigDecimal(target), MathContext.DECIMAL64).doubleValue();
    }
}
