package dev.quarry.stratum.share;

/**
 * The fields of one mining.submit after syntax checks (hex decoded, uint32s parsed).
 *
 * @param worker         worker name as sent
 * @param jobId          job id as sent
 * @param extranonce2    decoded extranonce2 bytes (order as in the string)
 * @param ntime          submitted ntime
 * @param nonce          submitted nonce
 * @param versionBits    6th parameter, or 0 when absent
 * @param hasVersionBits whether the 6th parameter was sent
 */
public record SubmittedShare(String worker, String jobId, byte[] extranonce2, int ntime, int nonce, int versionBits, boolean hasVersionBits) {
}
