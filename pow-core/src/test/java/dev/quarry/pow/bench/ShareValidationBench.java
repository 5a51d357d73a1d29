package dev.quarry.pow.bench;

import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import dev.quarry.pow.sha.Sha256Engines;
import dev.quarry.pow.target.Difficulty;
import dev.quarry.pow.target.Target256;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Validating one share against a job with a 12-level merkle branch (about a 4,000-transaction block): the real
 * Bitaxe/public-pool job from stratum_shares.json (58-byte coinb1), and the same job with a 122-byte coinb1
 * (one whole block of it is covered by the precomputed midstate). Nonce bumped per call; each call also computes
 * the achieved difficulty and compares with the pool target, as the server does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShareValidationBench {
    static final String PREVHASH = "6b6455fd6db962c101f2d4fc0d67f4a3bc96391d000152960000000000000000";
    static final String COINB1 = "02000000010000000000000000000000000000000000000000000000000000000000000000ffffffff"
            + "170330c30d5075626c69632d506f6f6c";
    static final String COINB2 = "ffffffff02e5b5c61200000000220020984a77c289084ff2d434c316bdada021c6c183d507c8a20d3b159"
            + "b09ac02fe280000000000000000266a24aa21a9edb98ee50410ed4abd48401ed484fc874409d086a3faf0816136a8ad6168314c58"
            + "00000000";
    static final String[] BRANCH = {
        "21af451ddb51e887ff1feb5592b87290098565035eb8500031aedcc776d4e72a",
        "c5af269519c809a9546d5a58ca6445d3dbb80cb7045448ecc48309af034da8f8",
        "fb9f8f9959f6bb0ceb63fa53aed1d5a615c6b6d3f50a468ea89a45a1234bda74",
        "a4f4fee8e5fc19ca8d93e67b9236c37ddb864982010434745c0abfe9b914980c",
        "33092206642744fbe5499c3e621cd5c6b52733e54fbebd869f070082b807f740",
        "3b857e32c5cff4864efab967b9a456ca03b2167ab96bd9076ce294c8a67a7fe2",
        "881a07cd881d0c3e590b4b090ea8d58e1439dc56c63686f7de23c47045441e30",
        "315e4dbcc8e7b1c9d594a73978268791880dddb2c26eec8e75768668dad99d80",
        "69952b77c632be16b1ac7ac7048f13d4e962b2e215d79a343f01e6e281d7c304",
        "fc63eb4392c4d6c6d689788875fca35143fdcd4f4a82e8698e0e441751a70b4a",
        "09e419bbe20aa3a7640f1b91f50599ceddff899e90d3f18951ad5418c4850a6b",
        "004978aa346b4f1880bcadb3ca3792d771ee6aeca427f61e74baba44b75cfb88"
    };

    @Param({"jdk", "java"})
    public String engine;

    @Param({"58", "122"})
    public int coinb1Bytes;

    private ShareJob job;
    private ShareValidator validator;
    private final ShareOutcome outcome = new ShareOutcome();
    private byte[] prevHash;
    private byte[] coinb1;
    private byte[] coinb2;
    private byte[][] branch;
    private final byte[] en1 = Hex.decode("4128064f");
    private final byte[] en2 = Hex.decode("17000000");
    private final int ntime = 0x685468d7;
    private final int version = StratumCodec.rollVersion(0x20000000, 0x00b44000, 0x1fffe000);
    private final int bits = 0x17023a04;
    private int nonce = 0x7552034c;
    private Target256 poolTarget;

    /** The real coinb1, or the real one extended with filler script bytes (pools put more in the scriptSig). */
    static byte[] coinb1(int length) {
        byte[] realCoinb1 = Hex.decode(COINB1);
        byte[] out = new byte[length];
        System.arraycopy(realCoinb1, 0, out, 0, Math.min(realCoinb1.length, length));
        for (int i = realCoinb1.length; i < length; i++) {
            out[i] = (byte) (0x51 + i);
        }
        return out;
    }

    static byte[][] branch() {
        byte[][] out = new byte[BRANCH.length][];
        for (int i = 0; i < BRANCH.length; i++) {
            out[i] = Hex.decode(BRANCH[i]);
        }
        return out;
    }

    @Setup
    public void setUp() {
        prevHash = StratumCodec.prevHashFromStratum(PREVHASH);
        coinb1 = coinb1(coinb1Bytes);
        coinb2 = Hex.decode(COINB2);
        branch = branch();
        job = new ShareJob(prevHash, coinb1, coinb2, branch, 0x20000000, bits);
        validator = new ShareValidator(Sha256Engines.create(engine));
        poolTarget = Target256.of(Difficulty.shareTarget(8192));
    }

    @Benchmark
    public double validate() {
        validator.validate(job, en1, en2, ntime, nonce++, version, outcome);
        return outcome.meets(poolTarget) ? outcome.achievedDifficulty() : -outcome.achievedDifficulty();
    }
}
