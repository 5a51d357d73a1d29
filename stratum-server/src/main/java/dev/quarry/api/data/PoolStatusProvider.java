package dev.quarry.api.data;

import java.util.List;

/** Public pool figures, implemented by the Stratum server (which knows connections, hashrate, chain tip and blocks). */
public interface PoolStatusProvider {

    /**
     * @param hashrate          pool hashrate in H/s over the last few minutes (Σ difficulty × 2^32 / seconds)
     * @param miners            connected, authorized Stratum sessions
     * @param workers           distinct worker names among them
     * @param networkDifficulty of the current job
     * @param height            height of the block being mined
     */
    record PoolStatus(double hashrate, int miners, int workers, double networkDifficulty, long height, long updatedMs) {
    }

    /** A block found by the pool; status is one of submitted, accepted, rejected, orphaned, confirmed. */
    record FoundBlock(long height, String hash, long timeMs, String status, String worker, long rewardSats, int confirmations) {
    }

    PoolStatus status();

    /** Most recent first. */
    List<FoundBlock> foundBlocks(int limit);
}
