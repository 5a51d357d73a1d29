package dev.quarry.stratum.share;

import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.vardiff.ShareDifficulty;

/**
 * An accepted share: copies of what the journal and block submission need.
 *
 * @param job                the job it was found on
 * @param submitted          the parsed submit
 * @param header             the 80-byte header hashed
 * @param headerHash         SHA-256d of the header, internal order
 * @param difficulty         the difficulty (and target) it was judged by
 * @param achievedDifficulty DIFF1 / hash
 * @param blockFound         whether it met the network target too
 */
public record ShareVerdict(Job job, SubmittedShare submitted, byte[] header, byte[] headerHash,
                           ShareDifficulty difficulty, double achievedDifficulty, boolean blockFound) {
}
