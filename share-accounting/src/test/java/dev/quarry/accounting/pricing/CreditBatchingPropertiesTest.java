package dev.quarry.accounting.pricing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Crediting the same shares in one batch or in many small batches pays exactly the same satoshis. */
class CreditBatchingPropertiesTest {

    record Sh(double difficulty, int nBits, long height) {
    }

    private static final int[] NBITS = {0x1701e636, 0x17023a04, 0x1903a30c, 0x1b0404cb}; // mainnet 2024, 2025, 2012, 2010

    @Provide
    Arbitrary<List<Sh>> shares() {
        Arbitrary<Double> diff = Arbitraries.oneOf(
                // arbitrary doubles with all 53 mantissa bits in use, 2^-20 .. 2^33
                Combinators.combine(Arbitraries.longs().between(0, (1L << 52) - 1), Arbitraries.integers().between(-20, 32))
                        .as((m, e) -> Math.scalb(1.0 + Math.scalb((double) m, -52), e)),
                Arbitraries.integers().between(0, 40).map(e -> Math.scalb(1.0, e - 8)), // powers of two
                Arbitraries.of(65_536.0, 0.1, 1.0 / 3.0, 8192.5));
        Arbitrary<Sh> one = Combinators.combine(diff, Arbitraries.of(0, 1, 2, 2, 3), Arbitraries.longs().between(629_999, 1_050_001))
                .as((d, i, h) -> new Sh(d, NBITS[i], h));
        return one.list().ofMinSize(1).ofMaxSize(3_000);
    }

    @Property(tries = 60)
    void oneBatchEqualsManySmallBatches(@ForAll("shares") List<Sh> shares,
                                        @ForAll @IntRange(min = 0, max = 500) int feeBps,
                                        @ForAll @IntRange(min = 1, max = 1_000) int batches,
                                        @ForAll long seed,
                                        @ForAll @IntRange(min = 0, max = 50_000_000) int feesPerBlock) {
        CreditCalculator calc = new CreditCalculator(PayoutScheme.FPPS, feeBps);
        Rational expectedFees = Rational.of(feesPerBlock);

        BasisAccumulator all = new BasisAccumulator(SubsidySchedule.BITCOIN);
        for (Sh s : shares) all.add("c", s.nBits(), s.height(), s.difficulty());
        CreditCalculator.Outcome once = calc.credit(all.bases(), expectedFees, Rational.ZERO, Rational.ZERO);

        // the same shares cut at random points into up to `batches` batches (a thousand when there are enough shares)
        Random r = new Random(seed);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < batches - 1; i++) cuts.add(r.nextInt(shares.size() + 1));
        cuts.add(0);
        cuts.add(shares.size());
        cuts.sort(Integer::compare);
        long pps = 0, fees = 0;
        Rational ppsCarry = Rational.ZERO, feeCarry = Rational.ZERO;
        for (int c = 0; c + 1 < cuts.size(); c++) {
            BasisAccumulator batch = new BasisAccumulator(SubsidySchedule.BITCOIN);
            for (Sh s : shares.subList(cuts.get(c), cuts.get(c + 1))) batch.add("c", s.nBits(), s.height(), s.difficulty());
            CreditCalculator.Outcome o = calc.credit(batch.bases(), expectedFees, ppsCarry, feeCarry);
            pps += o.pps().satoshis();
            fees += o.fees().satoshis();
            ppsCarry = o.pps().carry();
            feeCarry = o.fees().carry();
        }
        assertEquals(once.pps().satoshis(), pps);
        assertEquals(once.fees().satoshis(), fees);
        assertEquals(once.pps().carry(), ppsCarry);
        assertEquals(once.fees().carry(), feeCarry);
    }

    @Property(tries = 5)
    void aThousandBatchesOfTheWorkedExample(@ForAll @IntRange(min = 0, max = 1_000) int feeBps) {
        // 30,696 shares (the worked example's day) credited in exactly 1,000 batches
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < 30_695; i++) d.add(65_536.0);
        d.add(29_241.0);
        CreditCalculator calc = new CreditCalculator(PayoutScheme.PPS, feeBps);
        BasisAccumulator all = new BasisAccumulator(SubsidySchedule.BITCOIN);
        d.forEach(x -> all.add("c", 0x1701e636, 900_000, x));
        long once = calc.credit(all.bases(), Rational.ZERO, Rational.ZERO, Rational.ZERO).pps().satoshis();
        long sum = 0;
        Rational carry = Rational.ZERO;
        int per = (d.size() + 999) / 1_000;
        int batches = 0;
        for (int from = 0; from < d.size(); from += per, batches++) {
            BasisAccumulator b = new BasisAccumulator(SubsidySchedule.BITCOIN);
            d.subList(from, Math.min(d.size(), from + per)).forEach(x -> b.add("c", 0x1701e636, 900_000, x));
            CarriedCredit c = calc.credit(b.bases(), Rational.ZERO, carry, Rational.ZERO).pps();
            sum += c.satoshis();
            carry = c.carry();
        }
        assertTrue(batches >= 990, "about a thousand batches, was " + batches);
        assertEquals(once, sum);
    }

    @Property(tries = 200)
    void largestRemainderAlwaysAddsUpAndIsWithinOneOfExact(@ForAll @IntRange(min = 0, max = 1_000_000_000) int total,
                                                           @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 1_000_000) Integer> w) {
        if (w.stream().allMatch(x -> x == 0)) return;
        List<Rational> weights = w.stream().map(x -> Rational.of(x)).toList();
        long[] parts = LargestRemainder.split(total, weights);
        long sumW = w.stream().mapToLong(Integer::longValue).sum();
        long s = 0;
        for (int i = 0; i < parts.length; i++) {
            s += parts[i];
            Rational exact = Rational.of((long) total * w.get(i), sumW);
            assertTrue(Rational.of(parts[i]).subtract(exact).compareTo(Rational.ONE) < 0);
            assertTrue(exact.subtract(Rational.of(parts[i])).compareTo(Rational.ONE) < 0);
            if (w.get(i) == 0) assertEquals(0, parts[i]);
        }
        assertEquals(total, s);
    }
}
