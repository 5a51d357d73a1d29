package dev.quarry.accounting.pricing;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PooledSplitTest {

    private static Map<String, Long> contracts() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("small", 10_000L);   // 10 TH/s
        m.put("medium", 30_000L);  // 30 TH/s
        m.put("large", 60_500L);   // 60.5 TH/s
        return m;
    }

    @Test
    void farmBiggerThanTheContractsPaysEachItsHashrateAndTheRestToTheHouse() {
        // farm measured at 201 TH/s, contracts cover 100.5 TH/s: exactly half the farm
        Map<String, Long> out = PooledSplit.split(1_000_001, contracts(), Rational.of(201_000), "house");
        // exact shares 49,751.29 / 149,253.88 / 300,995.33 / 500,000.5: floors leave 2 sat, to the two largest fractions
        assertEquals(Map.of("small", 49_751L, "medium", 149_254L, "large", 300_995L, "house", 500_001L), out);
        assertEquals(1_000_001, out.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void farmSmallerThanTheContractsIsSplitProRataAndNothingToTheHouse() {
        // farm measured at only 50 TH/s: the three contracts share what there is, 10 : 30 : 60.5
        Map<String, Long> out = PooledSplit.split(1_005, contracts(), Rational.of(50_000), "house");
        assertEquals(100L, out.get("small"));
        assertEquals(300L, out.get("medium"));
        assertEquals(605L, out.get("large"));
        assertEquals(0L, out.get("house"));
    }

    @Test
    void largestRemainderGivesLeftoverSatoshisToLargestFractions() {
        // 100 sat among 1:1:1 → 33.33 each; one leftover satoshi to the first (tie → lowest index)
        long[] parts = LargestRemainder.split(100, List.of(Rational.of(1), Rational.of(1), Rational.of(1)));
        assertEquals(List.of(34L, 33L, 33L), List.of(parts[0], parts[1], parts[2]));
        // 10 sat among 7:2:1 → 7, 2, 1 exactly; 11 sat → 7.7, 2.2, 1.1 → 8, 2, 1
        long[] p = LargestRemainder.split(11, List.of(Rational.of(7), Rational.of(2), Rational.of(1)));
        assertEquals(List.of(8L, 2L, 1L), List.of(p[0], p[1], p[2]));
    }

    @Test
    void noPooledContractsMeansAllToTheHouse() {
        assertEquals(Map.of("house", 777L), PooledSplit.split(777, Map.of(), Rational.of(5), "house"));
    }

    @Test
    void measuredHashrateFromDifficulty() {
        // the worked example day: Σd 2,011,656,761 over 86,400 s ≈ 100 TH/s
        Rational mths = PooledSplit.measuredHashrateMths(Rational.of(2_011_656_761L), 86_400);
        assertEquals(99_999, mths.floor().longValueExact());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> LargestRemainder.split(-1, List.of(Rational.ONE)));
        assertThrows(IllegalArgumentException.class, () -> LargestRemainder.split(1, List.of(Rational.ZERO)));
        assertThrows(IllegalArgumentException.class, () -> new CreditCalculator(PayoutScheme.PPS, 10_001));
        assertThrows(IllegalArgumentException.class, () -> new DifficultySum().add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PowTargets.target(0x04923456));
        assertThrows(IllegalArgumentException.class, () -> Rational.parse("1/x"));
    }
}
