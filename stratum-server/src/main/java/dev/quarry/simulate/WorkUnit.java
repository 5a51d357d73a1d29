package dev.quarry.simulate;

/** What a hasher needs to search nonces: one job, one extranonce2 and one rolled header version. */
public record WorkUnit(MinerJob job, String extranonce2, int rolledVersion, boolean rolling, int mask) {
}
