package dev.quarry.stratum.testkit;

import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import dev.quarry.pow.target.Difficulty;
import dev.quarry.pow.target.Target256;
import dev.quarry.stratum.job.Job;

import java.util.function.Predicate;

/** Finds real nonces for a served job (CPU, tiny difficulties only) and formats their submit lines. */
public final class TestMiner {

    private final ShareValidator validator = new ShareValidator();
    private final ShareOutcome outcome = new ShareOutcome();
    private final byte[] extranonce1;
    private final String worker;
    private int nextNonce;

    public TestMiner(String extranonce1Hex, String worker) {
        this.extranonce1 = Hex.decode(extranonce1Hex);
        this.worker = worker;
    }

    public static Target256 target(double difficulty) {
        return Target256.of(Difficulty.shareTarget(difficulty));
    }

    /**
     * The next nonce (scanning upwards, never reusing one) whose share satisfies the predicate;
     * returns the submit line. Bounded: gives up after 1,000,000 hashes.
     */
    public String find(Job job, String extranonce2Hex, Object id, Predicate<ShareOutcome> wanted) {
        ShareJob sj = new ShareJob(job.prevHash(), job.coinb1(), job.coinb2(), job.merkleBranch(), job.version(), job.bits());
        byte[] en2 = Hex.decode(extranonce2Hex);
        for (int i = 0; i < 1_000_000; i++) {
            int nonce = nextNonce++;
            validator.validate(sj, extranonce1, en2, job.ntime(), nonce, job.version(), outcome);
            if (wanted.test(outcome)) {
                return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + worker + "\",\"" + job.jobId() + "\",\""
                        + extranonce2Hex + "\",\"" + StratumCodec.uint32Hex(job.ntime()) + "\",\"" + StratumCodec.uint32Hex(nonce) + "\"]}";
            }
        }
        throw new IllegalStateException("no share found within the bound");
    }
}
