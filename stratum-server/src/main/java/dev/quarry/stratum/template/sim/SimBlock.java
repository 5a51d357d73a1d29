package dev.quarry.stratum.template.sim;

/**
 * A block of the simulated chain.
 *
 * @param height    height
 * @param hash      hash, display order hex
 * @param prevHash  previous block hash, display order hex
 * @param time      header time (seconds)
 * @param foundByUs true when it came in through submitBlock, false when the sim "found it elsewhere"
 * @param reward    coinbase output total, satoshis (0 for blocks found elsewhere)
 */
public record SimBlock(long height, String hash, String prevHash, long time, boolean foundByUs, long reward) {
}
