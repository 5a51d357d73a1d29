package dev.quarry.pow.nativeengine;

import dev.quarry.pow.share.ShareJob;

/**
 * The last few jobs' native records, keyed by identity (ShareJob is immutable). A validator
 * sees the same handful of jobs for thousands of shares, so packing happens once per job per
 * thread; replacement is round-robin.
 */
final class JobRecordCache {

    /** Marks a job the native engine cannot take (oversized coinbase or branch). */
    static final NativeJobRecord UNSUPPORTED = null;

    private final ShareJob[] keys;
    private final NativeJobRecord[] records;
    private int next;

    JobRecordCache(int size) {
        keys = new ShareJob[size];
        records = new NativeJobRecord[size];
    }

    /** The record for job, or null when the job exceeds the native limits (use the Java path). */
    NativeJobRecord get(ShareJob job) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == job) {
                return records[i];
            }
        }
        NativeJobRecord r = fits(job)
                ? NativeJobRecord.of(job.prevHash(), job.coinb1(), job.coinb2(), job.merkleBranch(), job.bits())
                : UNSUPPORTED;
        int slot = next;
        next = (next + 1) % keys.length;
        keys[slot] = job;
        records[slot] = r;
        return r;
    }

    private static boolean fits(ShareJob job) {
        // The public accessors copy; this runs once per job, not per share.
        return job.coinb1().length <= NativeSha.MAX_COINB_PART && job.coinb2().length <= NativeSha.MAX_COINB_PART
                && job.merkleBranch().length <= NativeSha.MAX_BRANCH;
    }
}
