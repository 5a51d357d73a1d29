package dev.quarry.simulate;

import java.util.List;

/**
 * A mining.notify as one miner holds it, with the difficulty and extranonce that were in force
 * when it arrived (set_difficulty and set_extranonce apply from the next job on).
 */
public record MinerJob(String jobId, String prevHash, String coinb1, String coinb2, List<String> merkleBranch,
                       int version, int nbits, int ntime, boolean clean, double difficulty,
                       String extranonce1, int extranonce2Size) {
}
