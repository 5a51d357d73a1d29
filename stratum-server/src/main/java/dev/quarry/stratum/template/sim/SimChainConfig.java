package dev.quarry.stratum.template.sim;

import dev.quarry.pow.target.Compact;
import dev.quarry.pow.target.Difficulty;

import java.math.BigInteger;
import java.time.Duration;

/**
 * Settings of the embedded simulated chain.
 *
 * @param bits             network nBits of every block (fixed: the sim does not retarget)
 * @param blockInterval    after this long without a new tip, "someone else" finds a block; zero = never
 * @param halvingInterval  blocks per subsidy halving (regtest 150, mainnet 210000)
 * @param txsPerTemplate   synthetic transactions offered per template (at least 1 keeps merkle branches non-empty)
 * @param seed             seed of the synthetic data, for reproducible runs
 */
public record SimChainConfig(int bits, Duration blockInterval, long halvingInterval, int txsPerTemplate, long seed) {

    /** Regtest's proof-of-work limit (nBits 0x207fffff): the easiest target the sim allows. */
    public static final int REGTEST_POW_LIMIT_BITS = 0x207fffff;
    public static final BigInteger POW_LIMIT = Compact.toTarget(REGTEST_POW_LIMIT_BITS);

    public SimChainConfig {
        BigInteger target = Compact.toTarget(bits); // throws for negative / overflowing nBits
        if (target.signum() <= 0) throw new IllegalArgumentException("nBits " + Integer.toHexString(bits) + " gives a zero target");
        if (target.compareTo(POW_LIMIT) > 0) throw new IllegalArgumentException("nBits " + Integer.toHexString(bits) + " is easier than regtest's limit 207fffff");
        if (blockInterval == null || blockInterval.isNegative()) throw new IllegalArgumentException("block interval must be zero or positive");
        if (halvingInterval < 1) throw new IllegalArgumentException("halving interval must be positive");
        if (txsPerTemplate < 0 || txsPerTemplate > 5000) throw new IllegalArgumentException("txsPerTemplate must be 0..5000");
    }

    /** Regtest-like defaults: easiest difficulty, a block by others every 10 minutes, halving every 150 blocks, 4 txs. */
    public static SimChainConfig regtest() {
        return new SimChainConfig(REGTEST_POW_LIMIT_BITS, Duration.ofMinutes(10), 150, 4, System.nanoTime());
    }

    /** Mainnet-like numbers for benchmarks: a recent mainnet difficulty, 10-minute blocks, 210000-block halvings. */
    public static SimChainConfig mainnetLike() {
        return new SimChainConfig(0x17023a04, Duration.ofMinutes(10), 210_000, 2000, System.nanoTime());
    }

    /** nBits for a network difficulty (DIFF1 / target), capped at regtest's limit; tiny values make CPU mining instant. */
    public static int bitsForDifficulty(double difficulty) {
        if (!(difficulty > 0) || Double.isInfinite(difficulty)) throw new IllegalArgumentException("difficulty must be a positive number");
        BigInteger target = Difficulty.shareTarget(difficulty).min(POW_LIMIT);
        return Compact.fromTarget(target);
    }

    public SimChainConfig withBits(int newBits) {
        return new SimChainConfig(newBits, blockInterval, halvingInterval, txsPerTemplate, seed);
    }

    public SimChainConfig withDifficulty(double difficulty) {
        return withBits(bitsForDifficulty(difficulty));
    }

    public SimChainConfig withBlockInterval(Duration interval) {
        return new SimChainConfig(bits, interval, halvingInterval, txsPerTemplate, seed);
    }

    public SimChainConfig withHalvingInterval(long blocks) {
        return new SimChainConfig(bits, blockInterval, blocks, txsPerTemplate, seed);
    }

    public SimChainConfig withTxsPerTemplate(int n) {
        return new SimChainConfig(bits, blockInterval, halvingInterval, n, seed);
    }

    public SimChainConfig withSeed(long s) {
        return new SimChainConfig(bits, blockInterval, halvingInterval, txsPerTemplate, s);
    }
}
