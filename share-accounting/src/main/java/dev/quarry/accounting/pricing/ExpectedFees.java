package dev.quarry.accounting.pricing;

import java.util.List;

/** FPPS expected transaction fees per block: the exact average of the fees of the last blocks in the window. */
public final class ExpectedFees {

    private ExpectedFees() {
    }

    /** Exact mean of {@code feesSat} (zero when there is no history yet: FPPS then pays like PPS). */
    public static Rational average(List<Long> feesSat) {
        if (feesSat.isEmpty()) return Rational.ZERO;
        long sum = 0;
        for (long f : feesSat) {
            if (f < 0) throw new IllegalArgumentException("block fees must be >= 0, got " + f);
            sum = Math.addExact(sum, f);
        }
        return Rational.of(sum, feesSat.size());
    }
}
