package dev.quarry.accounting.pricing;

import java.math.BigDecimal;

/**
 * Exact sum of share difficulties. Share difficulties are doubles, and every finite double is an
 * exact binary fraction, so {@code new BigDecimal(d)} is its exact value and the sum is exact; it
 * is never accumulated in floating point. Text form: the plain decimal string (exact, finite).
 */
public final class DifficultySum {

    private BigDecimal sum = BigDecimal.ZERO;
    private long count;

    public static DifficultySum parse(String plainDecimal, long count) {
        DifficultySum s = new DifficultySum();
        s.sum = new BigDecimal(plainDecimal);
        s.count = count;
        return s;
    }

    public DifficultySum add(double difficulty) {
        if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("share difficulty must be positive and finite, got " + difficulty);
        }
        sum = sum.add(new BigDecimal(difficulty));
        count++;
        return this;
    }

    public DifficultySum add(DifficultySum other) {
        sum = sum.add(other.sum);
        count += other.count;
        return this;
    }

    public BigDecimal value() {
        return sum;
    }

    public Rational exact() {
        return Rational.of(sum);
    }

    public long count() {
        return count;
    }

    /** Exact plain decimal text, for storage. */
    public String toText() {
        return sum.stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return toText() + " (" + count + " shares)";
    }
}
