package dev.quarry.accounting.pricing;

import java.math.BigInteger;

/**
 * The PPS formula, exactly. A share of difficulty d on a job whose network difficulty is
 * D = DIFF1 / target(nBits) pays {@code d / D * reward * (1 - feeBps/10000)}, i.e.
 * <pre>  Σd × target × reward × (10000 − feeBps) / (DIFF1 × 10000)</pre>
 * computed as one {@link Rational} from the exact target (never from the rounded double D).
 * {@code reward} is the block subsidy for PPS, and the expected fees per block for the FPPS
 * fee part (itself a Rational: an average).
 */
public final class SharePricing {

    public static final int BPS = 10_000;

    private SharePricing() {
    }

    public static Rational value(Rational difficultySum, int nBits, Rational rewardSat, int feeBps) {
        checkFee(feeBps);
        BigInteger target = PowTargets.target(nBits);
        return difficultySum
                .multiply(target)
                .multiply(rewardSat)
                .multiply(BigInteger.valueOf(BPS - feeBps))
                .divide(Rational.of(PowTargets.DIFF1.multiply(BigInteger.valueOf(BPS))));
    }

    /** Network difficulty DIFF1 / target, exact. */
    public static Rational networkDifficulty(int nBits) {
        return Rational.of(PowTargets.DIFF1, PowTargets.target(nBits));
    }

    public static void checkFee(int feeBps) {
        if (feeBps < 0 || feeBps > BPS) throw new IllegalArgumentException("pool fee must be 0..10000 basis points, got " + feeBps);
    }
}
