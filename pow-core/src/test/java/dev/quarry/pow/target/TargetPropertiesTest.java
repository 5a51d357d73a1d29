package dev.quarry.pow.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.pow.reference.Reference;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Target256, Difficulty and Compact fast paths against BigInteger/BigDecimal references. */
class TargetPropertiesTest {
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    /** 256-bit values of every magnitude (leading zero bytes are what real targets and hashes have). */
    @Provide
    Arbitrary<BigInteger> u256() {
        return Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.ZERO, TWO_256.subtract(
                BigInteger.ONE)), Arbitraries.integers().between(0, 255))
                .as((v, shift) -> v.shiftRight(shift));
    }

    @Property(tries = 1000)
    void isMetByEqualsBigIntegerComparison(@ForAll("u256") BigInteger target, @ForAll("u256") BigInteger hash) {
        Target256 t = Target256.of(target);
        assertEquals(hash.compareTo(target) <= 0, t.isMetBy(Reference.littleEndian32(hash)));
        assertEquals(target, t.toBigInteger());
    }

    @Property(tries = 500)
    void isMetByAtTheBoundary(@ForAll("u256") BigInteger target, @ForAll @IntRange(min = -3, max = 3) int delta) {
        BigInteger hash = target.add(BigInteger.valueOf(delta));
        if (hash.signum() < 0 || hash.compareTo(TWO_256) >= 0) {
            return;
        }
        assertEquals(delta <= 0, Target256.of(target).isMetBy(Reference.littleEndian32(hash)));
    }

    @Property(tries = 1000)
    void ofHashIsDiff1OverTheHashValue(@ForAll("u256") BigInteger hash) {
        double expected = hash.signum() == 0 ? Double.POSITIVE_INFINITY
                : Reference.DIFF1.doubleValue() / hash.doubleValue();
        assertEquals(expected, Difficulty.ofHash(Reference.littleEndian32(hash)));
        if (hash.signum() > 0) {
            assertEquals(expected, Difficulty.ofTarget(hash));
            // and close to the exact rational value
            double exact = new BigDecimal(Reference.DIFF1).divide(new BigDecimal(hash),
                    java.math.MathContext.DECIMAL128).doubleValue();
            assertTrue(Math.abs(exact - expected) <= Math.ulp(exact) * 2, exact + " vs " + expected);
        }
    }

    @Provide
    Arbitrary<Double> difficulties() {
        // Full 52-bit mantissas over a wide exponent range: fractional difficulties have long exact expansions.
        Arbitrary<Double> anyMantissa = Combinators.combine(Arbitraries.longs().between(0, (1L << 52) - 1),
                Arbitraries.integers().between(-120, 70)).as((m, e) -> Math.scalb(1.0 + m / 0x1p52, e));
        return Arbitraries.oneOf(anyMantissa,
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(Long::doubleValue),
                Arbitraries.of(1.0, 2.0, 0.5, 1e-3, 65536.0, 0x1p63, 1.0 / 3.0, Double.MIN_VALUE, 1e300));
    }

    @Property(tries = 1000)
    void shareTargetIsFloorOfDiff1OverTheExactDouble(@ForAll("difficulties") double d) {
        BigDecimal exact = new BigDecimal(Reference.DIFF1).divide(new BigDecimal(d), 0, RoundingMode.FLOOR);
        BigInteger expected = exact.toBigIntegerExact().min(TWO_256.subtract(BigInteger.ONE));
        assertEquals(expected, Difficulty.shareTarget(d));
    }

    @Property(tries = 1000)
    void compactRoundTripsLikeBitcoinCore(@ForAll("u256") BigInteger target) {
        int nBits = Compact.fromTarget(target);
        assertEquals(0, nBits & 0x00800000, "GetCompact never sets the sign bit for a non-negative value");
        BigInteger back = Compact.toTarget(nBits);
        // Compact keeps the top 2-3 significant bytes: back is target truncated to them.
        int size = nBits >>> 24;
        BigInteger truncated = size <= 3 ? target : target.shiftRight(8 * (size - 3)).shiftLeft(8 * (size - 3));
        assertEquals(truncated, back);
        assertEquals(nBits, Compact.fromTarget(back));
    }
}
