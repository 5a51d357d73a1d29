package dev.quarry.stratum.share;

import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.vardiff.ShareDifficulty;

/**
 * A submit that passed every check that needs no hashing (job known and current, ntime window,
 * version bits), with what hashing and judging it needs, captured when it arrived: a later
 * mining.set_extranonce or difficulty change on the connection does not alter it.
 *
 * @param job         the job it was found on
 * @param prepared    the job's pow-core form and network target
 * @param submitted   the parsed submit
 * @param extranonce1 the connection's extranonce1 when the submit arrived
 * @param version     the header version (rolled bits applied)
 * @param difficulty  the difficulty the job was sent with on this connection
 */
public record CheckedShare(Job job, PreparedJob prepared, SubmittedShare submitted, byte[] extranonce1, int version,
                           ShareDifficulty difficulty) {
}
