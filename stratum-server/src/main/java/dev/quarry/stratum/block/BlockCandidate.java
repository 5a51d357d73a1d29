package dev.quarry.stratum.block;

import dev.quarry.stratum.job.Job;

/**
 * A share that met the network target: everything needed to assemble and submit the block.
 *
 * @param job         the job it was found on
 * @param extranonce1 the session's extranonce1
 * @param extranonce2 the miner's extranonce2, bytes as given in the submit
 * @param header      the 80-byte header that was hashed (version, ntime, nonce as rolled by the miner)
 * @param blockHash   SHA-256d of the header, internal order
 * @param finder      worker name that found it
 */
public record BlockCandidate(Job job, byte[] extranonce1, byte[] extranonce2, byte[] header, byte[] blockHash, String finder) {
}
