package dev.quarry.pow.target;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Pool and network difficulty, relative to difficulty 1 = 0x00000000FFFF0000...0000 (the "pdiff" convention). */
public final class Difficulty {
    /** The difficulty-1 target 0xFFFF * 2^208. */
    public static final BigInteger DIFF1 = BigInteger.valueOf(0xFFFF).shiftLeft(208);

    private static final BigInteger MAX_TARGET = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    private static final double DIFF1_DOUBLE = DIFF1.doubleValue(); // exact: 16 significant bits

    private Difficulty() {
    }

    /**
     * The share target for pool difficulty D: floor(DIFF1 / D) computed exactly, with D taken as the exact binary
     * value of the double. Difficulties below 1 give targets above DIFF1, capped at 2^256-1.
     */
    public static BigInteger shareTarget(double difficulty) {
        if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty must be a positive finite number, got " + difficulty);
        }
        BigDecimal d = new BigDecimal(difficulty); // exact binary value, never rounded
        // D = unscaled * 10^-scale, so DIFF1 / D = DIFF1 * 10^scale / unscaled (scale may be negative).
        BigInteger numerator = DIFF1;
        BigInteger denominator = d.unscaledValue();
        if (d.scale() >= 0) {
            numerator = numerator.multiply(BigInteger.TEN.pow(d.scale()));
        } else {
            denominator = denominator.multiply(BigInteger.TEN.pow(-d.scale()));
        }
        BigInteger target = numerator.divide(denominator); // floor: both positive
        return target.compareTo(MAX_TARGET) > 0 ? MAX_TARGET : target;
    }

    /** DIFF1 / target as a double (DIFF1 and the target each correctly rounded to double first). */
    public static double ofTarget(BigInteger target) {
        if (target.signum() <= 0) {
            throw new IllegalArgumentException("target must be positive, got " + target);
        }
        return DIFF1_DOUBLE / target.doubleValue();
    }

    /**
     * The difficulty a hash achieves: DIFF1 / H with H the hash read as a little-endian 256-bit integer (both
     * correctly rounded to double first, so this equals {@link #ofTarget} of H). No allocation. An all-zero hash
     * gives positive infinity.
     */
    public static double ofHash(byte[] hash32Internal) {
        if (hash32Internal == null || hash32Internal.length < 32) {
            throw new IllegalArgumentException("hash must be 32 bytes");
        }
        return DIFF1_DOUBLE / hashAsDouble(hash32Internal);
    }

    /** The little-endian 256-bit integer in hash[0..32) correctly rounded to a double. */
    static double hashAsDouble(byte[] hash) {
        for (int limb = 3; limb >= 0; limb--) {
            long top = LittleEndian.readLong(hash, limb * 8);
            if (top == 0) {
                continue;
            }
            int lz = Long.numberOfLeadingZeros(top);
            long bits = top << lz;
            boolean sticky = false;
            if (limb > 0) {
                long next = LittleEndian.readLong(hash, (limb - 1) * 8);
                if (lz > 0) {
                    bits |= next >>> (64 - lz);
                    sticky = (next << lz) != 0;
                } else {
                    sticky = next != 0;
                }
                for (int lower = limb - 2; lower >= 0 && !sticky; lower--) {
                    sticky = LittleEndian.readLong(hash, lower * 8) != 0;
                }
            }
            // bits holds the top 64 significant bits; a sticky 1 in bit 0 makes the 53-bit rounding exact.
            if (sticky) {
                bits |= 1;
            }
            double scaled = unsignedToDouble(bits);
            return Math.scalb(scaled, limb * 64 - lz);
        }
        return 0.0;
    }

    /** Correctly rounded conversion of an unsigned 64-bit value (bit 0 kept as sticky when halving). */
    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return (double) v;
        }
        return (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    /**
     * Network difficulty of nBits computed exactly like Bitcoin Core's GetDifficulty (double arithmetic,
     * shifting by 256 until the exponent is 29).
     */
    public static double network(int nBits) {
        int shift = (nBits >>> 24) & 0xff;
        double diff = (double) 0x0000ffff / (double) (nBits & 0x00ffffff);
        while (shift < 29) {
            diff *= 256.0;
            shift++;
        }
        while (shift > 29) {
            diff /= 256.0;
            shift--;
        }
        return diff;
    }
}
