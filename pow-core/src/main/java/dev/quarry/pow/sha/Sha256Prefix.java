package dev.quarry.pow.sha;

import java.util.Arrays;

/**
 * The leading whole 64-byte blocks of a message that repeats across many hashes (e.g. coinb1 for every share of a
 * job), with the SHA-256 midstate after those blocks. Immutable; computed once, shared between threads.
 */
public final class Sha256Prefix {
    private final byte[] bytes;
    private final int[] midstate;

    private Sha256Prefix(byte[] bytes, int[] midstate) {
        this.bytes = bytes;
        this.midstate = midstate;
    }

    /** The longest whole-block prefix of {@code data[0, len)} (possibly empty). */
    public static Sha256Prefix ofLeadingBlocks(byte[] data, int len) {
        if (len < 0 || len > data.length) {
            throw new IllegalArgumentException("len " + len + " outside array of length " + data.length);
        }
        int whole = len - (len % 64);
        byte[] copy = Arrays.copyOf(data, whole);
        int[] state = new int[8];
        new JavaSha256Engine().midstateOfBlocks(copy, whole, state);
        return new Sha256Prefix(copy, state);
    }

    /** Number of prefix bytes (a multiple of 64). */
    public int length() {
        return bytes.length;
    }

    /** The prefix bytes; not copied so the hot path does not allocate, never modified. */
    byte[] bytes() {
        return bytes;
    }

    /** Copies the midstate (8 words) into {@code state}. */
    void copyMidstate(int[] state) {
        System.arraycopy(midstate, 0, state, 0, 8);
    }

    /** A copy of the midstate words, for tests and diagnostics. */
    public int[] midstateCopy() {
        return midstate.clone();
    }
}
