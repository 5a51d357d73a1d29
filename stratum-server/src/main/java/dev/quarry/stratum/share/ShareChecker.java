package dev.quarry.stratum.share;

import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.nativeengine.NativeEngine;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.job.WorkSource;
import dev.quarry.stratum.vardiff.ShareDifficulty;
import io.netty.util.concurrent.EventExecutor;

/**
 * The share checks of stratum-v1.md §6 after syntax, in two steps:
 * <ol>
 *   <li>{@link #precheck}, at once when the submit arrives: job known and current, ntime window,
 *       version bits inside the mask;</li>
 *   <li>{@link #validate}: rebuild and hash (pow-core, Java or native), share target, duplicate,
 *       block; batched per event loop on the native path (see {@link ShareBatcher}).</li>
 * </ol>
 * Thread-safe; hashing scratch is per thread (one per event loop).
 */
public final class ShareChecker {

    /** ckpool's rule: ntime may roll forward at most this many seconds past the job's ntime. */
    public static final long MAX_NTIME_ROLL_SECONDS = 7000;

    private final WorkSource work;
    private final PreparedJobCache jobs;
    private final DuplicateShareFilter duplicates;
    private final ShareBatcher batcher;

    /** Checks on the hashing the JVM chose ({@code -Dquarry.native}). */
    public ShareChecker(WorkSource work, PreparedJobCache jobs, DuplicateShareFilter duplicates) {
        this(work, jobs, duplicates, ShareValidationPath.AUTO);
    }

    public ShareChecker(WorkSource work, PreparedJobCache jobs, DuplicateShareFilter duplicates, ShareValidationPath path) {
        this(work, jobs, duplicates, path == ShareValidationPath.AUTO && NativeEngine.isNative() ? new NativeShareHashing() : new JavaShareHashing());
    }

    /** On a given hashing (tests: a hashing that counts or fails its batch calls). */
    ShareChecker(WorkSource work, PreparedJobCache jobs, DuplicateShareFilter duplicates, ShareHashing hashing) {
        this.work = work;
        this.jobs = jobs;
        this.duplicates = duplicates;
        this.batcher = new ShareBatcher(hashing, new JavaShareHashing(), this::judge);
    }

    /** The checks that need no hashing; the result goes to {@link #validate}. */
    public CheckedShare precheck(ShareContext ctx, SubmittedShare s) throws ShareRejectedException {
        ShareDifficulty difficulty = ctx.difficultyForJob(s.jobId());
        Job job = work.findJob(s.jobId());
        if (job == null || difficulty == null) throw new ShareRejectedException(RejectReason.JOB_NOT_FOUND);
        if (work.isStale(job)) throw new ShareRejectedException(RejectReason.STALE);
        if (!ntimeInWindow(job.ntime(), s.ntime())) throw new ShareRejectedException(RejectReason.NTIME_OUT_OF_RANGE);
        int mask = ctx.versionMask();
        if ((s.versionBits() & ~mask) != 0) throw new ShareRejectedException(RejectReason.INVALID_VERSION_MASK);
        int version = StratumCodec.rollVersion(job.version(), s.versionBits(), mask);
        return new CheckedShare(job, jobs.get(job), s, ctx.extranonce1(), version, difficulty);
    }

    /**
     * Hashes and judges the share and tells the listener on {@code loop} (the connection's event
     * loop; the call must come from it): right away on the Java path, in the loop's next batch
     * on the native path.
     */
    public void validate(EventExecutor loop, CheckedShare share, VerdictListener listener) {
        batcher.submit(loop, share, listener);
    }

    /** Undoes the duplicate registration of a share that could not be stored. */
    public void forget(ShareVerdict verdict) {
        duplicates.forget(verdict.job().jobId(), verdict.headerHash());
    }

    /** The hashing in use ("native-sha-ni" or "java") and what the batches did. */
    public ShareValidationStats stats() {
        return batcher.stats();
    }

    private ShareVerdict judge(CheckedShare c, ShareOutcome out) throws ShareRejectedException {
        if (!out.meets(c.difficulty().target())) throw new ShareRejectedException(RejectReason.LOW_DIFFICULTY);
        byte[] hash = out.hash().clone();
        if (!duplicates.firstTime(c.job().jobId(), hash)) throw new ShareRejectedException(RejectReason.DUPLICATE);
        boolean block = out.meets(c.prepared().networkTarget());
        return new ShareVerdict(c.job(), c.submitted(), out.header().clone(), hash, c.difficulty(), out.achievedDifficulty(), block);
    }

    static boolean ntimeInWindow(int jobNtime, int ntime) {
        long job = Integer.toUnsignedLong(jobNtime);
        long t = Integer.toUnsignedLong(ntime);
        return t >= job && t <= job + MAX_NTIME_ROLL_SECONDS;
    }
}
