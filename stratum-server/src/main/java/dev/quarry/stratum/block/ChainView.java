package dev.quarry.stratum.block;

import java.io.IOException;

/** What a node says about a block we found, to follow its confirmations or orphaning. */
public interface ChainView {
    /** The node does not know the block. */
    long UNKNOWN = 0;
    /** The node knows the block but it is not in the best chain (orphaned / stale), as getblockheader's -1. */
    long ORPHANED = -1;

    /**
     * @param blockHash internal order
     * @return confirmations as getblockheader reports them (1 = tip), {@link #ORPHANED} or {@link #UNKNOWN}
     */
    long confirmations(byte[] blockHash) throws IOException;
}
