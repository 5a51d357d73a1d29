package dev.quarry.accounting.pricing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 5's worked example, exactly: a 100 TH/s dedicated contract for one day, Σd = 2,011,656,761,
 * nBits 0x1701e636 (network difficulty 148,200,069,082,773.7), subsidy 312,500,000 sat.
 */
class WorkedExampleTest {

    static final int NBITS = 0x1701e636;
    static final long SUBSIDY = 312_500_000L;
    // target(0x1701e636) = 0x01e636 * 2^160 ; DIFF1 = 0xFFFF * 2^208
    static final BigInteger TARGET = BigInteger.valueOf(0x01e636).shiftLeft(160);
    static final BigInteger DIFF1 = BigInteger.valueOf(0xFFFF).shiftLeft(208);
    static final BigInteger SUM_D = BigInteger.valueOf(2_011_656_761L);

    static List<CreditBasis> oneDay() {
        // Σd built from real share difficulties: 2,011,656,761 = 30,695 shares of 65,536 + one of 29,241
        DifficultySum sum = new DifficultySum();
        for (int i = 0; i < 30_695; i++) sum.add(65_536.0);
        sum.add(29_241.0);
        assertEquals(new BigDecimal(SUM_D), sum.value().stripTrailingZeros().setScale(0));
        return List.of(new CreditBasis("c100", NBITS, SUBSIDY, sum));
    }

    @Test
    void networkDifficultyIsExact() {
        Rational d = SharePricing.networkDifficulty(NBITS);
        assertEquals(Rational.of(DIFF1, TARGET), d);
        assertEquals(new BigDecimal("148200069082773.7"), d.toBigDecimal(1, java.math.RoundingMode.HALF_EVEN));
    }

    @Test
    void ppsBeforeFee() {
        Rational v = new CreditCalculator(PayoutScheme.PPS, 0).value(oneDay(), Rational.ZERO).pps();
        assertEquals(Rational.of(SUM_D.multiply(TARGET).multiply(BigInteger.valueOf(SUBSIDY)), DIFF1), v);
        assertEquals(new BigDecimal("4241.851854"), v.toBigDecimal(6));
    }

    @Test
    void ppsAfterTwoAndAHalfPercentFeeCredits4135AndCarriesTheFraction() {
        CreditCalculator pps = new CreditCalculator(PayoutScheme.PPS, 250);
        Rational v = pps.value(oneDay(), Rational.ZERO).pps();
        Rational expected = Rational.of(SUM_D.multiply(TARGET).multiply(BigInteger.valueOf(SUBSIDY)).multiply(BigInteger.valueOf(9_750)),
                DIFF1.multiply(BigInteger.valueOf(10_000)));
        assertEquals(expected, v);
        assertEquals(Rational.parse("635758187801115234375/153720521656107008"), v);
        assertEquals(new BigDecimal("4135.805557"), v.toBigDecimal(6));

        CreditCalculator.Outcome out = pps.credit(oneDay(), Rational.ZERO, Rational.ZERO, Rational.ZERO);
        assertEquals(4_135, out.pps().satoshis());
        assertEquals(expected.subtract(Rational.of(4_135)), out.pps().carry());
        assertEquals(0, out.fees().satoshis());

        // the next identical day: 2 × 4135.805557… = 8271.61… → 4,136 more, not 4,135
        CreditCalculator.Outcome next = pps.credit(oneDay(), Rational.ZERO, out.pps().carry(), out.fees().carry());
        assertEquals(4_136, next.pps().satoshis());
        assertEquals(expected.multiply(BigInteger.TWO).subtract(Rational.of(8_271)), next.pps().carry());
    }

    @Test
    void fppsWithExpectedFeesOf2500000SatPerBlock() {
        CreditCalculator fpps = new CreditCalculator(PayoutScheme.FPPS, 250);
        CreditCalculator.Value v = fpps.value(oneDay(), Rational.of(2_500_000));
        Rational expected = Rational.of(SUM_D.multiply(TARGET).multiply(BigInteger.valueOf(SUBSIDY + 2_500_000)).multiply(BigInteger.valueOf(9_750)),
                DIFF1.multiply(BigInteger.valueOf(10_000)));
        assertEquals(expected, v.total());
        assertEquals(new BigDecimal("4168.892002"), v.total().toBigDecimal(6));
        assertEquals(new BigDecimal("4135.805557"), v.pps().toBigDecimal(6));
        assertEquals(new BigDecimal("33.086444"), v.fees().toBigDecimal(6));

        CreditCalculator.Outcome out = fpps.credit(oneDay(), Rational.of(2_500_000), Rational.ZERO, Rational.ZERO);
        assertEquals(4_135, out.pps().satoshis());
        assertEquals(33, out.fees().satoshis());
        assertEquals(expected, Rational.of(4_168).add(out.pps().carry()).add(out.fees().carry()));
    }

    @Test
    void expectedFeesAreTheExactAverage() {
        assertEquals(Rational.of(2_500_000), ExpectedFees.average(List.of(2_000_000L, 3_000_000L)));
        assertEquals(Rational.of(10, 3), ExpectedFees.average(List.of(3L, 3L, 4L)));
        assertEquals(Rational.ZERO, ExpectedFees.average(List.of()));
    }
}
