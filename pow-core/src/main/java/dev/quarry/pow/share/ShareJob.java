package dev.quarry.pow.share;

import dev.quarry.pow.sha.Sha256Prefix;

/**
 * Everything a share is validated against, fixed per job and shared between threads: prev hash (internal order),
 * coinbase halves, merkle branch (internal order), job version and nBits. Precomputes the SHA-256 midstate of
 * coinb1's whole 64-byte blocks so that engines able to resume from it skip those blocks for every share.
 */
public final class ShareJob {
    private final byte[] prevHash;
    private final byte[] coinb1;
    private final byte[] coinb2;
    private final byte[][] merkleBranch;
    private final int version;
    private final int bits;
    private final Sha256Prefix coinb1Prefix;

    public ShareJob(byte[] prevHash, byte[] coinb1, byte[] coinb2, byte[][] merkleBranch, int version, int bits) {
        requireLength(prevHash, 32, "prevHash");
        if (coinb1 == null || coinb2 == null) {
            throw new IllegalArgumentException("coinb1 and coinb2 must not be null");
        }
        if (merkleBranch == null) {
            throw new IllegalArgumentException("merkle branch must not be null (use an empty array)");
        }
        this.merkleBranch = new byte[merkleBranch.length][];
        for (int i = 0; i < merkleBranch.length; i++) {
            requireLength(merkleBranch[i], 32, "merkle branch step " + i);
            this.merkleBranch[i] = merkleBranch[i].clone();
        }
        this.prevHash = prevHash.clone();
        this.coinb1 = coinb1.clone();
        this.coinb2 = coinb2.clone();
        this.version = version;
        this.bits = bits;
        this.coinb1Prefix = Sha256Prefix.ofLeadingBlocks(this.coinb1, this.coinb1.length);
    }

    private static void requireLength(byte[] b, int len, String what) {
        if (b == null || b.length != len) {
            throw new IllegalArgumentException(what + " must be " + len + " bytes, got "
                    + (b == null ? "null" : b.length + " bytes"));
        }
    }

    // Accessors return copies: callers on the hot path use the package-private views below.

    public byte[] prevHash() {
        return prevHash.clone();
    }

    public byte[] coinb1() {
        return coinb1.clone();
    }

    public byte[] coinb2() {
        return coinb2.clone();
    }

    public byte[][] merkleBranch() {
        byte[][] copy = new byte[merkleBranch.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = merkleBranch[i].clone();
        }
        return copy;
    }

    public int version() {
        return version;
    }

    public int bits() {
        return bits;
    }

    /** The full coinbase transaction coinb1 || extranonce1 || extranonce2 || coinb2 (allocating; for blocks). */
    public byte[] coinbase(byte[] extranonce1, byte[] extranonce2) {
        if (extranonce1 == null || extranonce2 == null) {
            throw new IllegalArgumentException("extranonce1 and extranonce2 must not be null");
        }
        byte[] out = new byte[coinb1.length + extranonce1.length + extranonce2.length + coinb2.length];
        int p = 0;
        System.arraycopy(coinb1, 0, out, p, coinb1.length);
        p += coinb1.length;
        System.arraycopy(extranonce1, 0, out, p, extranonce1.length);
        p += extranonce1.length;
        System.arraycopy(extranonce2, 0, out, p, extranonce2.length);
        p += extranonce2.length;
        System.arraycopy(coinb2, 0, out, p, coinb2.length);
        return out;
    }

    /** Bytes of coinb1 covered by the precomputed midstate (a multiple of 64; 0 when coinb1 is shorter). */
    public int midstateBytes() {
        return coinb1Prefix.length();
    }

    byte[] prevHashView() {
        return prevHash;
    }

    byte[] coinb1View() {
        return coinb1;
    }

    byte[] coinb2View() {
        return coinb2;
    }

    byte[][] branchView() {
        return merkleBranch;
    }

    Sha256Prefix coinb1Prefix() {
        return coinb1Prefix;
    }
}
