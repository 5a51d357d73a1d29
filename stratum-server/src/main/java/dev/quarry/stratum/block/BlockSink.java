package dev.quarry.stratum.block;

/**
 * Takes a winning share. Implementations assemble the full block, write it to disk before
 * anything else, and submit it to every node; they must not block the caller's I/O thread.
 */
public interface BlockSink {
    void blockFound(BlockCandidate candidate);
}
