package dev.quarry.stratum.job;

import dev.quarry.stratum.template.BlockTemplate;

/**
 * One Stratum job as sent in mining.notify, plus what share validation and block assembly need.
 * Byte arrays are never modified after construction.
 *
 * @param jobId         opaque id, unique for the server's lifetime (short hex)
 * @param template      the template it was built from
 * @param prevHash      32 bytes, header (internal) order; notify sends it word-swapped
 * @param coinb1        coinbase (non-witness serialization) up to where extranonce1 starts
 * @param coinb2        coinbase after extranonce2
 * @param merkleBranch  branch for the coinbase (leaf 0), internal order
 * @param version       job version, with the version-rolling mask bits cleared
 * @param bits          compact nBits
 * @param ntime         job ntime (seconds)
 * @param cleanJobs     true when it starts a new previous block
 * @param createdMillis when it was built
 */
public record Job(
        String jobId,
        BlockTemplate template,
        byte[] prevHash,
        byte[] coinb1,
        byte[] coinb2,
        byte[][] merkleBranch,
        int version,
        int bits,
        int ntime,
        boolean cleanJobs,
        long createdMillis) {

    public long height() {
        return template.height();
    }
}
