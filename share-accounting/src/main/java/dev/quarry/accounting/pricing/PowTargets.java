package dev.quarry.accounting.pricing;

import java.math.BigInteger;

/**
 * The two pow-core facts pricing needs: the exact target of a compact nBits, and DIFF1.
 * TEMPORARY local implementation (Bitcoin Core SetCompact semantics) until the pow-core
 * {@code Compact}/{@code Difficulty} API lands; then this delegates to it.
 */
public final class PowTargets {

    /** Difficulty-1 target, 0xFFFF * 2^208. */
    public static final BigInteger DIFF1 = BigInteger.valueOf(0xFFFF).shiftLeft(208);

    private PowTargets() {
    }

    /** Exact target of {@code nBits}; throws IllegalArgumentException for negative, zero or overflowing encodings. */
    public static BigInteger target(int nBits) {
        int size = nBits >>> 24;
        long word = nBits & 0x007fffffL;
        boolean negative = word != 0 && (nBits & 0x00800000) != 0;
        boolean overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
        if (negative || overflow) {
            throw new IllegalArgumentException(String.format("nBits 0x%08x is %s", nBits, negative ? "negative" : "an overflow"));
        }
        BigInteger target = size <= 3
                ? BigInteger.valueOf(word >>> (8 * (3 - size)))
                : BigInteger.valueOf(word).shiftLeft(8 * (size - 3));
        if (target.signum() == 0) throw new IllegalArgumentException(String.format("nBits 0x%08x encodes a zero target", nBits));
        return target;
    }
}
