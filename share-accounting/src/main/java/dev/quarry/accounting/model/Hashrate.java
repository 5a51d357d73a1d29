package dev.quarry.accounting.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Contracted hashrate, exact fixed point: a whole number of milli-TH/s (= GH/s), i.e. TH/s with
 * three decimals. Stored as {@code hashrate_mths BIGINT}.
 */
public record Hashrate(long milliThs) implements Comparable<Hashrate> {

    public static final Hashrate ZERO = new Hashrate(0);

    public Hashrate {
        if (milliThs < 0) throw new IllegalArgumentException("hashrate must be >= 0, got " + milliThs + " mTH/s");
    }

    /** From TH/s with at most three decimals ("100", "12.5", "0.001"); more precision is refused, not rounded. */
    public static Hashrate ofThs(BigDecimal ths) {
        Objects.requireNonNull(ths, "ths");
        BigDecimal m = ths.movePointRight(3);
        if (m.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("hashrate " + ths.toPlainString() + " TH/s has more than 3 decimals");
        }
        try {
            return new Hashrate(m.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("hashrate " + ths.toPlainString() + " TH/s is out of range", e);
        }
    }

    public static Hashrate ofThs(String ths) {
        try {
            return ofThs(new BigDecimal(ths));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a hashrate in TH/s: '" + ths + "'", e);
        }
    }

    public BigDecimal ths() {
        return BigDecimal.valueOf(milliThs, 3);
    }

    public Hashrate plus(Hashrate other) {
        return new Hashrate(Math.addExact(milliThs, other.milliThs));
    }

    @Override
    public int compareTo(Hashrate o) {
        return Long.compare(milliThs, o.milliThs);
    }

    @Override
    public String toString() {
        return ths().toPlainString() + " TH/s";
    }
}
