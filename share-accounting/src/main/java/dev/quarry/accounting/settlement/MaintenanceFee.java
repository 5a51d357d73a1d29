package dev.quarry.accounting.settlement;

import dev.quarry.accounting.pricing.Rational;

/**
 * Maintenance fee = hashrate (TH/s) × days × fee (sat per TH/s per day), exactly: with hashrate in
 * milli-TH/s and time in ms, {@code mths × fee × ms / (1000 × 86,400,000)} as a Rational. Charged
 * for the part of the period during which the contract was active; whole satoshis are debited and
 * the fraction is carried like credit remainders.
 */
public final class MaintenanceFee {

    private static final long MS_PER_DAY = 86_400_000L;

    private MaintenanceFee() {
    }

    public static Rational value(long hashrateMths, long feeSatPerThDay, long activeMs) {
        if (hashrateMths < 0 || feeSatPerThDay < 0 || activeMs < 0) throw new IllegalArgumentException("negative maintenance fee input");
        return Rational.of(java.math.BigInteger.valueOf(hashrateMths)
                        .multiply(java.math.BigInteger.valueOf(feeSatPerThDay))
                        .multiply(java.math.BigInteger.valueOf(activeMs)),
                java.math.BigInteger.valueOf(1_000L * MS_PER_DAY));
    }

    /** Milliseconds of [periodStart, periodEnd) that fall inside [start, end). */
    public static long overlapMs(long periodStart, long periodEnd, long start, long end) {
        return Math.max(0, Math.min(periodEnd, end) - Math.max(periodStart, start));
    }
}
