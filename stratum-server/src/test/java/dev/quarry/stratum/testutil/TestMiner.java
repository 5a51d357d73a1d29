package dev.quarry.stratum.testutil;

import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import dev.quarry.pow.target.Compact;
import dev.quarry.pow.target.Target256;
import dev.quarry.stratum.block.BlockAssembler;
import dev.quarry.stratum.block.BlockCandidate;
import dev.quarry.stratum.job.CoinbaseBuilder;
import dev.quarry.stratum.job.CoinbaseConfig;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.job.JobBuilder;
import dev.quarry.stratum.template.BlockTemplate;

/** Mines a job on the CPU with pow-core (only sensible at tiny difficulty) and assembles the block. */
public final class TestMiner {
    public static final byte[] PAYOUT = dev.quarry.pow.hex.Hex.decode("0014e6f22ca44dc800e9d049621a3b9a42c509f1c4bc");
    public static final byte[] EN1 = {0x0a, 0x0b, 0x0c, 0x0d};
    public static final byte[] EN2 = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int MAX_NONCES = 1 << 24;

    private final JobBuilder jobs = new JobBuilder(new CoinbaseBuilder(CoinbaseConfig.of(PAYOUT)));

    public JobBuilder jobBuilder() {
        return jobs;
    }

    public Job job(BlockTemplate t) {
        return jobs.build(t, true, System.currentTimeMillis());
    }

    /** A candidate whose header meets (meets=true) or misses (meets=false) the job's nBits target. */
    public BlockCandidate mine(Job job, boolean meets) {
        return mine(job, meets, job.version());
    }

    /**
     * Mines through pow-core's share path (ShareJob + ShareValidator), as the server validates a submit,
     * with the given header version (the job's, or a BIP310-rolled one).
     */
    public BlockCandidate mine(Job job, boolean meets, int headerVersion) {
        ShareJob shareJob = new ShareJob(job.prevHash(), job.coinb1(), job.coinb2(), job.merkleBranch(), job.version(), job.bits());
        ShareValidator validator = new ShareValidator();
        ShareOutcome out = new ShareOutcome();
        Target256 target = Target256.of(Compact.toTarget(job.bits()));
        for (int nonce = 0; nonce < MAX_NONCES; nonce++) {
            validator.validate(shareJob, EN1, EN2, job.ntime(), nonce, headerVersion, out);
            if (out.meets(target) == meets) {
                return new BlockCandidate(job, EN1.clone(), EN2.clone(), out.header().clone(), out.hash().clone(), "contract1.rig7");
            }
        }
        throw new IllegalStateException("no nonce found in " + MAX_NONCES + " tries: difficulty too high for a test");
    }

    public BlockCandidate mine(BlockTemplate t) {
        return mine(job(t), true);
    }

    /**
     * Mines and assembles a block, then has bitcoinj check it: merkle root and PoW always, the witness
     * commitment whenever the template's commitment is the right one for its transactions (tests that
     * break the commitment on purpose still get the other checks).
     */
    public byte[] mineBlock(BlockTemplate t) {
        BlockCandidate c = mine(t);
        byte[] block = new BlockAssembler().assemble(c);
        BlockTemplate used = c.job().template();
        java.util.List<byte[]> wtxids = new java.util.ArrayList<>();
        used.transactions().forEach(tx -> wtxids.add(tx.wtxid()));
        boolean commitmentIsRight = used.defaultWitnessCommitment() != null
                && java.util.Arrays.equals(used.defaultWitnessCommitment(), dev.quarry.stratum.tx.WitnessCommitment.script(wtxids));
        BitcoinjCheck.check(block, commitmentIsRight);
        return block;
    }

    public static BlockTemplate copy(BlockTemplate t, long height, byte[] prev, int bits, long curTime, long minTime, long value,
                                     java.util.List<dev.quarry.stratum.template.TemplateTransaction> txs, byte[] commitment, long weightLimit) {
        return new BlockTemplate(t.source(), height, t.version(), prev, bits, curTime, minTime, value, txs, commitment,
                t.sigopLimit(), weightLimit, t.longPollId());
    }
}
