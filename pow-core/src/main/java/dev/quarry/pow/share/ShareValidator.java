package dev.quarry.pow.share;

import dev.quarry.pow.header.BlockHeader;
import dev.quarry.pow.sha.Sha256Engine;
import dev.quarry.pow.sha.Sha256Engines;

/**
 * The share-validation kernel: rebuilds coinbase, merkle root and header from a job and a submit and hashes them.
 * One instance per thread (it owns its hashing engine and scratch); validate does not allocate once the coinbase
 * scratch has grown to the largest coinbase seen.
 */
public final class ShareValidator {
    private final Sha256Engine engine;
    private byte[] coinbaseTail = new byte[256];

    /** A validator on the engine chosen at start-up ({@link Sha256Engines#selectedName()}). */
    public ShareValidator() {
        this(Sha256Engines.create());
    }

    /** A validator on a specific engine (benchmarks, tests); the engine must not be shared with other threads. */
    public ShareValidator(Sha256Engine engine) {
        if (engine == null) {
            throw new IllegalArgumentException("engine must not be null");
        }
        this.engine = engine;
    }

    /** Name of the hashing engine in use. */
    public String engineName() {
        return engine.name();
    }

    /**
     * Validates one submit against a job. {@code rolledVersion} is the header version to use (the job version, or
     * {@link dev.quarry.pow.header.StratumCodec#rollVersion} of it when version rolling is negotiated).
     */
    public void validate(ShareJob job, byte[] extranonce1, byte[] extranonce2, int ntime, int nonce,
            int rolledVersion, ShareOutcome out) {
        if (job == null || out == null) {
            throw new IllegalArgumentException("job and outcome must not be null");
        }
        if (extranonce1 == null || extranonce2 == null) {
            throw new InvalidShareInputException("extranonce-missing", "extranonce1 and extranonce2 are required");
        }
        out.resetDerived();
        hashCoinbase(job, extranonce1, extranonce2, out.coinbaseTxid);

        byte[] root = out.merkleRoot;
        System.arraycopy(out.coinbaseTxid, 0, root, 0, 32);
        byte[][] branch = job.branchView();
        for (byte[] step : branch) {
            engine.sha256dPair(root, 0, step, 0, root, 0);
        }

        BlockHeader.write(out.header, rolledVersion, job.prevHashView(), root, ntime, job.bits(), nonce);
        engine.sha256d(out.header, 0, BlockHeader.LENGTH, out.hash, 0);
    }

    /** txid = sha256d(coinb1 || extranonce1 || extranonce2 || coinb2), resuming from coinb1's midstate. */
    private void hashCoinbase(ShareJob job, byte[] en1, byte[] en2, byte[] txidOut) {
        byte[] coinb1 = job.coinb1View();
        byte[] coinb2 = job.coinb2View();
        int skip = job.midstateBytes();
        int tailLen = coinb1.length - skip + en1.length + en2.length + coinb2.length;
        if (coinbaseTail.length < tailLen) {
            coinbaseTail = new byte[Math.max(tailLen, coinbaseTail.length * 2)];
        }
        byte[] t = coinbaseTail;
        int p = 0;
        System.arraycopy(coinb1, skip, t, p, coinb1.length - skip);
        p += coinb1.length - skip;
        System.arraycopy(en1, 0, t, p, en1.length);
        p += en1.length;
        System.arraycopy(en2, 0, t, p, en2.length);
        p += en2.length;
        System.arraycopy(coinb2, 0, t, p, coinb2.length);
        engine.sha256dAfterPrefix(job.coinb1Prefix(), t, 0, tailLen, txidOut, 0);
    }
}
