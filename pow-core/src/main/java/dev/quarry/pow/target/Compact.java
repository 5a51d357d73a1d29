package dev.quarry.pow.target;

import java.math.BigInteger;

/** Bitcoin's compact "nBits" encoding of a 256-bit target, with Bitcoin Core's SetCompact/GetCompact rules. */
public final class Compact {
    private Compact() {
    }

    /**
     * Decodes nBits like Bitcoin Core's arith_uint256::SetCompact. A set sign bit with a non-zero mantissa
     * (negative) or an exponent that pushes the mantissa past 256 bits (overflow) is rejected, as Core's
     * DeriveTarget/CheckProofOfWork rejects them.
     */
    public static BigInteger toTarget(int nBits) {
        Decoded d = decode(nBits);
        if (d.negative()) {
            throw new IllegalArgumentException(String.format("nBits %08x encodes a negative target", nBits));
        }
        if (d.overflow()) {
            throw new IllegalArgumentException(String.format("nBits %08x overflows 256 bits", nBits));
        }
        return d.magnitude();
    }

    /**
     * SetCompact's three outputs without judging them: the magnitude (mantissa shifted by the exponent, possibly
     * wider than 256 bits when overflowing) and the negative and overflow flags.
     */
    public record Decoded(BigInteger magnitude, boolean negative, boolean overflow) {
    }

    /** Decodes nBits like SetCompact, reporting the sign and overflow flags instead of throwing. */
    public static Decoded decode(int nBits) {
        int size = nBits >>> 24;
        long word = nBits & 0x007fffffL;
        BigInteger result;
        if (size <= 3) {
            word >>>= 8 * (3 - size);
            result = BigInteger.valueOf(word);
        } else {
            result = BigInteger.valueOf(word).shiftLeft(8 * (size - 3));
        }
        boolean negative = word != 0 && (nBits & 0x00800000) != 0;
        boolean overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
        return new Decoded(result, negative, overflow);
    }

    /** Encodes a non-negative target like Bitcoin Core's arith_uint256::GetCompact (precision is lost). */
    public static int fromTarget(BigInteger target) {
        if (target.signum() < 0) {
            throw new IllegalArgumentException("target must not be negative");
        }
        return fromTarget(target, false);
    }

    /** GetCompact of a magnitude with Bitcoin Core's sign flag (sets 0x00800000 when negative and non-zero). */
    public static int fromTarget(BigInteger magnitude, boolean negative) {
        BigInteger target = magnitude.abs();
        if (target.bitLength() > 256) {
            throw new IllegalArgumentException("target exceeds 256 bits");
        }
        int size = (target.bitLength() + 7) / 8;
        long compact;
        if (size <= 3) {
            compact = target.longValue() << (8 * (3 - size));
        } else {
            compact = target.shiftRight(8 * (size - 3)).longValue();
        }
        // The 0x00800000 bit is the sign: if the mantissa would set it, use one more byte of exponent instead.
        if ((compact & 0x00800000L) != 0) {
            compact >>>= 8;
            size++;
        }
        int result = (int) (compact | ((long) size << 24));
        if (negative && (compact & 0x007fffffL) != 0) {
            result |= 0x00800000;
        }
        return result;
    }
}
