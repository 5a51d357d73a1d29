package dev.quarry.stratum.share;

import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.job.WorkSource;
import dev.quarry.stratum.vardiff.ShareDifficulty;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The share checks of stratum-v1.md §6 after syntax: job known and current, ntime window,
 * version bits inside the mask, rebuild and hash (pow-core), share target, duplicate.
 * Thread-safe: each thread (event loop) gets its own {@link ShareValidator} and outcome
 * (a Netty FastThreadLocal: one validator per event-loop thread).
 */
public final class ShareChecker {

    /** ckpool's rule: ntime may roll forward at most this many seconds past the job's ntime. */
    public static final long MAX_NTIME_ROLL_SECONDS = 7000;

    private final WorkSource work;
    private final PreparedJobCache jobs;
    private final DuplicateShareFilter duplicates;
    private final FastThreadLocal<Scratch> scratch = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    public ShareChecker(WorkSource work, PreparedJobCache jobs, DuplicateShareFilter duplicates) {
        this.work = work;
        this.jobs = jobs;
        this.duplicates = duplicates;
    }

    public ShareVerdict check(ShareContext ctx, SubmittedShare s) throws ShareRejectedException {
        ShareDifficulty difficulty = ctx.difficultyForJob(s.jobId());
        Job job = work.findJob(s.jobId());
        if (job == null || difficulty == null) throw new ShareRejectedException(RejectReason.JOB_NOT_FOUND);
        if (work.isStale(job)) throw new ShareRejectedException(RejectReason.STALE);
        if (!ntimeInWindow(job.ntime(), s.ntime())) throw new ShareRejectedException(RejectReason.NTIME_OUT_OF_RANGE);
        int mask = ctx.versionMask();
        if ((s.versionBits() & ~mask) != 0) throw new ShareRejectedException(RejectReason.INVALID_VERSION_MASK);
        int version = StratumCodec.rollVersion(job.version(), s.versionBits(), mask);

        PreparedJob prepared = jobs.get(job);
        Scratch sc = scratch.get();
        ShareOutcome out = sc.outcome;
        sc.validator.validate(prepared.shareJob(), ctx.extranonce1(), s.extranonce2(), s.ntime(), s.nonce(), version, out);
        if (!out.meets(difficulty.target())) throw new ShareRejectedException(RejectReason.LOW_DIFFICULTY);
        byte[] hash = out.hash().clone();
        if (!duplicates.firstTime(job.jobId(), hash)) throw new ShareRejectedException(RejectReason.DUPLICATE);
        boolean block = out.meets(prepared.networkTarget());
        return new ShareVerdict(job, s, out.header().clone(), hash, difficulty, out.achievedDifficulty(), block);
    }

    /** Undoes the duplicate registration of a share that could not be stored. */
    public void forget(ShareVerdict verdict) {
        duplicates.forget(verdict.job().jobId(), verdict.headerHash());
    }

    static boolean ntimeInWindow(int jobNtime, int ntime) {
        long job = Integer.toUnsignedLong(jobNtime);
        long t = Integer.toUnsignedLong(ntime);
        return t >= job && t <= job + MAX_NTIME_ROLL_SECONDS;
    }

    private static final class Scratch {
        final ShareValidator validator = new ShareValidator();
        final ShareOutcome outcome = new ShareOutcome();
    }
}
