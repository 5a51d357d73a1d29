package dev.quarry.accounting.pricing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits what the provider's hosted farm earned in a period among the active pooled contracts.
 *
 * <p>Each pooled contract is entitled to the output of its contracted hashrate. The farm's
 * actual hashrate over the period is measured from its shares (Σd × 2^32 / seconds). If the
 * farm produced more than the contracts cover, the part of the hashrate nobody bought goes to
 * the provider's house account; if it produced less, the contracts share what there is pro rata.
 * So the weights are the contracted hashrates plus, for the house, {@code max(0, measured −
 * Σ contracted)}, and the farm's whole satoshis are split by {@link LargestRemainder}: the
 * contracts never receive more than the farm produced, and every satoshi goes somewhere.
 */
public final class PooledSplit {

    private static final BigInteger TWO_POW_32 = BigInteger.ONE.shiftLeft(32);
    /** 1 milli-TH/s = 10^9 H/s. */
    private static final BigInteger HASHES_PER_MTHS = BigInteger.TEN.pow(9);

    private PooledSplit() {
    }

    /** Measured hashrate in milli-TH/s of shares with difficulty sum {@code Σd} over {@code seconds}: Σd·2^32/seconds H/s. */
    public static Rational measuredHashrateMths(Rational difficultySum, long seconds) {
        if (seconds <= 0) throw new IllegalArgumentException("period must be longer than 0 s");
        return difficultySum.multiply(TWO_POW_32).divide(Rational.of(HASHES_PER_MTHS.multiply(BigInteger.valueOf(seconds))));
    }

    /**
     * @param farmSat            whole satoshis the farm earned this period
     * @param contractMths       active pooled contracts → contracted hashrate (milli-TH/s), in a stable order
     * @param measuredFarmMths   the farm's measured hashrate over the period
     * @param houseAccount       key of the provider's house account in the result
     * @return account → satoshis; the values add up to {@code farmSat}
     */
    public static Map<String, Long> split(long farmSat, Map<String, Long> contractMths, Rational measuredFarmMths, String houseAccount) {
        Map<String, Rational> exact = new LinkedHashMap<>();
        contractMths.forEach((k, v) -> {
            if (v < 0) throw new IllegalArgumentException("negative hashrate for " + k);
            exact.put(k, Rational.of(v));
        });
        return splitExact(farmSat, exact, measuredFarmMths, houseAccount);
    }

    /** As {@link #split}, with exact (e.g. time-weighted) hashrates in milli-TH/s. */
    public static Map<String, Long> splitExact(long farmSat, Map<String, Rational> contractMths, Rational measuredFarmMths, String houseAccount) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (contractMths.containsKey(houseAccount)) throw new IllegalArgumentException("house account clashes with a contract id: " + houseAccount);
        Rational contracted = Rational.ZERO;
        List<String> names = new ArrayList<>();
        List<Rational> weights = new ArrayList<>();
        for (Map.Entry<String, Rational> e : contractMths.entrySet()) {
            if (e.getValue().signum() < 0) throw new IllegalArgumentException("negative hashrate for " + e.getKey());
            contracted = contracted.add(e.getValue());
            names.add(e.getKey());
            weights.add(e.getValue());
        }
        Rational unsold = measuredFarmMths.subtract(contracted);
        names.add(houseAccount);
        weights.add(unsold.signum() > 0 ? unsold : Rational.ZERO);
        if (contracted.signum() == 0) {
            out.put(houseAccount, farmSat); // nobody bought pooled hashrate: all to the house
            return out;
        }
        long[] parts = LargestRemainder.split(farmSat, weights);
        for (int i = 0; i < parts.length; i++) out.put(names.get(i), parts[i]);
        return out;
    }
}
