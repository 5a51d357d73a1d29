package dev.quarry.accounting.journal;

import java.util.Objects;

/**
 * One share the Stratum server accepted, as handed to the journal. Immutable.
 *
 * <p>{@code headerHash} (32 bytes, internal byte order as SHA-256d produced it) is the unique id:
 * the same share offered twice is stored and credited once.
 *
 * <p>Difficulty is a positive real that may be fractional (down to 2^-32). Pool difficulties are
 * set by the server as doubles, and every double is an exact binary fraction, so
 * {@code new BigDecimal(difficulty)} recovers the exact value accounting sums; the exact share
 * target it was judged against travels beside it for audit.
 *
 * @param headerHash      32-byte SHA-256d of the header, internal order (unique id)
 * @param timeMillis      when the server accepted it (epoch ms)
 * @param contractId      contract credited (the part of the worker name before the first '.'), or the farm account
 * @param worker          full worker name as authorized
 * @param jobId           Stratum job id the share was found on
 * @param shareTargetHex  the share target in force when the job was sent (64 hex, big-endian integer)
 * @param difficulty      the pool difficulty in force when the job was sent (exact as a binary fraction)
 * @param achievedDifficulty DIFF1 / hash, for display only
 * @param networkBits     compact nBits of the job
 * @param height          block height of the job
 * @param blockFound      whether the share also met the network target
 */
public record AcceptedShare(
        byte[] headerHash,
        long timeMillis,
        String contractId,
        String worker,
        String jobId,
        String shareTargetHex,
        double difficulty,
        double achievedDifficulty,
        int networkBits,
        long height,
        boolean blockFound) {

    public AcceptedShare {
        Objects.requireNonNull(headerHash, "headerHash");
        if (headerHash.length != 32) throw new IllegalArgumentException("headerHash must be 32 bytes");
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(shareTargetHex, "shareTargetHex");
    }
}
