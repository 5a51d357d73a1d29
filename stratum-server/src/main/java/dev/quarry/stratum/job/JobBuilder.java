package dev.quarry.stratum.job;

import dev.quarry.pow.merkle.Merkle;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a template into a Stratum {@link Job} (pure apart from the job-id counter): fits the template to
 * its limits, builds the coinbase, the merkle branch for leaf 0 from the txids, the version with the
 * version-rolling bits cleared, and ntime.
 */
public final class JobBuilder {
    /** BIP320 general-purpose bits, the mask every common firmware negotiates. */
    public static final int DEFAULT_VERSION_MASK = 0x1fffe000;

    private final CoinbaseBuilder coinbaseBuilder;
    private final int versionMask;
    /**
     * Job ids: a counter, rendered as short lower-case hex. It starts at a random 16-bit offset so a
     * restarted server is unlikely to reuse ids a reconnecting miner still remembers.
     */
    private final AtomicLong nextId = new AtomicLong(ThreadLocalRandom.current().nextInt(1, 0x10000));

    public JobBuilder(CoinbaseBuilder coinbaseBuilder, int versionMask) {
        this.coinbaseBuilder = coinbaseBuilder;
        this.versionMask = versionMask;
    }

    public JobBuilder(CoinbaseBuilder coinbaseBuilder) {
        this(coinbaseBuilder, DEFAULT_VERSION_MASK);
    }

    public CoinbaseBuilder coinbaseBuilder() {
        return coinbaseBuilder;
    }

    public int versionMask() {
        return versionMask;
    }

    public String nextJobId() {
        return Long.toHexString(nextId.getAndIncrement());
    }

    /** A job with ntime = max(curtime, mintime). */
    public Job build(BlockTemplate template, boolean cleanJobs, long nowMillis) {
        return build(template, cleanJobs, 0, nowMillis);
    }

    /**
     * @param secondsSinceTemplate how long ago the template arrived: a refresh of an old template moves
     *                             ntime forward by that much (never below mintime)
     */
    public Job build(BlockTemplate template, boolean cleanJobs, long secondsSinceTemplate, long nowMillis) {
        BlockTemplate fitted = fittedTemplate(template);
        Coinbase coinbase = coinbaseBuilder.build(fitted);
        List<byte[]> txids = new ArrayList<>(fitted.transactions().size());
        for (TemplateTransaction tx : fitted.transactions()) txids.add(tx.txid());
        byte[][] branch = Merkle.coinbaseBranch(txids);
        long ntime = Math.max(template.curTime() + Math.max(0, secondsSinceTemplate), template.minTime());
        return new Job(nextJobId(), fitted, template.previousBlockHash().clone(), coinbase.coinb1(), coinbase.coinb2(), branch,
                template.version() & ~versionMask, template.bits(), (int) ntime, cleanJobs, nowMillis);
    }

    /**
     * The template the job really uses: within its weight/sigop budgets after our coinbase, and with
     * {@code defaultWitnessCommitment} set to exactly the commitment our coinbase carries (null if none),
     * so block assembly knows whether the coinbase needs its witness.
     */
    public BlockTemplate fittedTemplate(BlockTemplate template) {
        BlockTemplate fitted = TemplateFitter.fit(template, coinbaseBuilder.build(template));
        byte[] commitment = CoinbaseBuilder.witnessCommitmentScript(fitted);
        if (commitment == fitted.defaultWitnessCommitment()
                || (commitment != null && java.util.Arrays.equals(commitment, fitted.defaultWitnessCommitment()))) {
            return fitted;
        }
        return new BlockTemplate(fitted.source(), fitted.height(), fitted.version(), fitted.previousBlockHash(), fitted.bits(),
                fitted.curTime(), fitted.minTime(), fitted.coinbaseValue(), fitted.transactions(), commitment,
                fitted.sigopLimit(), fitted.weightLimit(), fitted.longPollId());
    }

    /** Rebuilds the non-witness coinbase of a job for a given extranonce pair. */
    public static byte[] coinbase(Job job, byte[] extranonce1, byte[] extranonce2) {
        byte[] c1 = job.coinb1();
        byte[] c2 = job.coinb2();
        byte[] out = new byte[c1.length + extranonce1.length + extranonce2.length + c2.length];
        System.arraycopy(c1, 0, out, 0, c1.length);
        System.arraycopy(extranonce1, 0, out, c1.length, extranonce1.length);
        System.arraycopy(extranonce2, 0, out, c1.length + extranonce1.length, extranonce2.length);
        System.arraycopy(c2, 0, out, c1.length + extranonce1.length + extranonce2.length, c2.length);
        return out;
    }
}
