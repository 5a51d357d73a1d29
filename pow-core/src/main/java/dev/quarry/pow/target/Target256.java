package dev.quarry.pow.target;

import java.math.BigInteger;

/**
 * An immutable unsigned 256-bit target held as four longs (w3 most significant), so that comparing a hash with it
 * costs four unsigned long comparisons and no allocation.
 */
public final class Target256 {
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    private Target256(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    /** The target for a value in [0, 2^256). */
    public static Target256 of(BigInteger target) {
        if (target.signum() < 0 || target.compareTo(LIMIT) >= 0) {
            throw new IllegalArgumentException("target must be in [0, 2^256), got " + target.toString(16));
        }
        return new Target256(
                target.and(MASK64).longValue(),
                target.shiftRight(64).and(MASK64).longValue(),
                target.shiftRight(128).and(MASK64).longValue(),
                target.shiftRight(192).longValue());
    }

    /** True iff the hash, read as a little-endian 256-bit integer, is at most this target. */
    public boolean isMetBy(byte[] hash32Internal) {
        if (hash32Internal == null || hash32Internal.length < 32) {
            throw new IllegalArgumentException("hash must be 32 bytes");
        }
        long h3 = LittleEndian.readLong(hash32Internal, 24);
        if (h3 != w3) {
            return Long.compareUnsigned(h3, w3) < 0;
        }
        long h2 = LittleEndian.readLong(hash32Internal, 16);
        if (h2 != w2) {
            return Long.compareUnsigned(h2, w2) < 0;
        }
        long h1 = LittleEndian.readLong(hash32Internal, 8);
        if (h1 != w1) {
            return Long.compareUnsigned(h1, w1) < 0;
        }
        return Long.compareUnsigned(LittleEndian.readLong(hash32Internal, 0), w0) <= 0;
    }

    public BigInteger toBigInteger() {
        BigInteger r = BigInteger.ZERO;
        for (long w : new long[] {w3, w2, w1, w0}) {
            r = r.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(w)));
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target256 t && t.w0 == w0 && t.w1 == w1 && t.w2 == w2 && t.w3 == w3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(w0) * 31 * 31 * 31 + Long.hashCode(w1) * 31 * 31 + Long.hashCode(w2) * 31
                + Long.hashCode(w3);
    }

    @Override
    public String toString() {
        return String.format("Target256[%016x%016x%016x%016x]", w3, w2, w1, w0);
    }
}
