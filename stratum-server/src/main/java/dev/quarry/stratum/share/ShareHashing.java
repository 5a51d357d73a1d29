package dev.quarry.stratum.share;

import dev.quarry.pow.share.ShareOutcome;

/**
 * Rebuilds and hashes checked shares: coinbase, merkle root, header, sha256d. Implementations
 * keep per-thread scratch, so one instance serves all event loops.
 */
interface ShareHashing {

    /** The ShaPath label of this hashing ("java", "native-sha-ni"). */
    String name();

    /** Whether {@link #hashAll} does better than one {@link #hashOne} per share. */
    boolean batches();

    void hashOne(CheckedShare share, ShareOutcome out);

    /** Hashes shares[0..n) into outs[0..n); n is at most {@link ShareBatcher#MAX_BATCH}. */
    void hashAll(CheckedShare[] shares, ShareOutcome[] outs, int n);
}
