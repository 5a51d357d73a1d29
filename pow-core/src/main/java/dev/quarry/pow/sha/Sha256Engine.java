package dev.quarry.pow.sha;

/**
 * A SHA-256 / SHA-256d engine for the hot path. Instances own their scratch space and are NOT thread-safe:
 * keep one per thread. No method allocates. Outputs are written into caller-owned arrays in the digest's
 * natural byte order (which for Bitcoin is the "internal" order).
 */
public interface Sha256Engine {

    /** Short engine name for reporting, e.g. "jdk" or "java". */
    String name();

    /** SHA-256 of {@code in[off, off+len)} into {@code out[outOff, outOff+32)}. */
    void sha256(byte[] in, int off, int len, byte[] out, int outOff);

    /** SHA-256d (SHA-256 applied twice) of {@code in[off, off+len)} into {@code out[outOff, outOff+32)}. */
    void sha256d(byte[] in, int off, int len, byte[] out, int outOff);

    /**
     * SHA-256d of the 64-byte concatenation {@code left[leftOff, +32) || right[rightOff, +32)}: one merkle node.
     * {@code out} may be the same array as {@code left} or {@code right}.
     */
    void sha256dPair(byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff);

    /**
     * SHA-256d of {@code prefix.bytes() || in[off, off+len)}, where the prefix is a whole number of 64-byte blocks
     * whose midstate was computed once (engines that can resume from a midstate skip those blocks).
     */
    void sha256dAfterPrefix(Sha256Prefix prefix, byte[] in, int off, int len, byte[] out, int outOff);
}
