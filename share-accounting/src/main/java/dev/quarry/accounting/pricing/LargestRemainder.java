package dev.quarry.accounting.pricing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a whole number of satoshis among weights exactly (largest remainder / Hamilton method):
 * each part gets {@code floor(total × w_i / W)}, then the satoshis left over go one each to the
 * parts with the largest fractional remainders (ties: lower index first, so the result is
 * deterministic). The parts always add up to {@code total}.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    public static long[] split(long total, List<Rational> weights) {
        if (total < 0) throw new IllegalArgumentException("total must be >= 0, got " + total);
        if (weights.isEmpty()) throw new IllegalArgumentException("no weights to split among");
        Rational sum = Rational.ZERO;
        for (Rational w : weights) {
            if (w.signum() < 0) throw new IllegalArgumentException("weights must be >= 0, got " + w);
            sum = sum.add(w);
        }
        if (sum.signum() == 0) throw new IllegalArgumentException("weights sum to zero");
        long[] parts = new long[weights.size()];
        List<Rational> remainders = new ArrayList<>(weights.size());
        long assigned = 0;
        for (int i = 0; i < parts.length; i++) {
            Rational exact = weights.get(i).divide(sum).multiply(BigInteger.valueOf(total));
            parts[i] = exact.floor().longValueExact();
            remainders.add(exact.fractionalPart());
            assigned += parts[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) order.add(i);
        order.sort(Comparator.<Integer, Rational>comparing(remainders::get).reversed().thenComparing(i -> i));
        long left = total - assigned; // < number of parts, since each floor lost less than 1
        for (int k = 0; k < left; k++) parts[order.get(k)]++;
        return parts;
    }
}
