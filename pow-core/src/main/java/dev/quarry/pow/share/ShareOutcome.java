package dev.quarry.pow.share;

import dev.quarry.pow.target.Difficulty;
import dev.quarry.pow.target.Target256;

/**
 * Reusable result of {@link ShareValidator#validate}. Arrays are owned by the outcome and overwritten by the next
 * validate call; copy what you keep.
 */
public final class ShareOutcome {
    final byte[] header = new byte[80];
    final byte[] hash = new byte[32];
    final byte[] coinbaseTxid = new byte[32];
    final byte[] merkleRoot = new byte[32];
    private double difficulty = Double.NaN;

    /** The 80-byte header of the last validated share. */
    public byte[] header() {
        return header;
    }

    /** sha256d(header), internal byte order. */
    public byte[] hash() {
        return hash;
    }

    /** sha256d(coinbase), internal byte order. */
    public byte[] coinbaseTxid() {
        return coinbaseTxid;
    }

    /** Merkle root as written into the header. */
    public byte[] merkleRoot() {
        return merkleRoot;
    }

    /** DIFF1 / hash; computed on first request after each validate (no allocation). */
    public double achievedDifficulty() {
        double d = difficulty;
        if (Double.isNaN(d)) {
            d = Difficulty.ofHash(hash);
            difficulty = d;
        }
        return d;
    }

    /** True iff the hash is at most the target. */
    public boolean meets(Target256 target) {
        return target.isMetBy(hash);
    }

    void resetDerived() {
        difficulty = Double.NaN;
    }
}
