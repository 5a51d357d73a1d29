package dev.quarry.stratum.share;

import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.TestWorkSource;
import dev.quarry.stratum.vardiff.ShareDifficulty;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The per-event-loop batching on its own, with a hashing that records its calls (delegating to
 * the Java path, so it runs without the native library): what is submitted in one loop task is
 * hashed in one call and judged in arrival order; a lone share takes the single call; a batch
 * call that throws is re-hashed on the Java path and every share still gets its verdict.
 */
class ShareBatcherTest {

    private static final Job JOB = TestWorkSource.renamed(ShareVector.named("slush_docs_testnet3_block").job(), "j", true);
    private static final ShareDifficulty LOWEST = ShareDifficulty.of(0x1p-32);

    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Batching hashing that delegates to Java and records call sizes; optionally fails batch calls. */
    private static final class Recording implements ShareHashing {
        final JavaShareHashing java = new JavaShareHashing();
        final List<Integer> calls = new CopyOnWriteArrayList<>();
        final boolean failBatches;

        Recording(boolean failBatches) {
            this.failBatches = failBatches;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public boolean batches() {
            return true;
        }

        @Override
        public void hashOne(CheckedShare share, ShareOutcome out) {
            calls.add(1);
            java.hashOne(share, out);
        }

        @Override
        public void hashAll(CheckedShare[] shares, ShareOutcome[] outs, int n) {
            calls.add(n);
            if (failBatches) throw new IllegalStateException("batch failed (test)");
            java.hashAll(shares, outs, n);
        }
    }

    private static CheckedShare share(int nonce) {
        SubmittedShare s = new SubmittedShare("c.rig", JOB.jobId(), new byte[] {0, 0, 0, 1}, JOB.ntime(), nonce, 0, false);
        return new CheckedShare(JOB, PreparedJob.of(JOB), s, new byte[] {1, 2, 3, 4}, JOB.version(), LOWEST);
    }

    /** Submits the nonces from one task on the loop; returns "accepted <hash>" / "rejected <reason>" in delivery order. */
    private List<String> submitTogether(ShareChecker checker, int... nonces) throws Exception {
        List<String> verdicts = new CopyOnWriteArrayList<>();
        EventExecutor executor = loop.next();
        executor.submit(() -> {
            for (int nonce : nonces) {
                checker.validate(executor, share(nonce), new VerdictListener() {
                    @Override
                    public void accepted(ShareVerdict verdict) {
                        verdicts.add(nonce + " accepted " + HexFormat.of().formatHex(verdict.headerHash()));
                    }

                    @Override
                    public void rejected(ShareRejectedException e) {
                        verdicts.add(nonce + " rejected " + e.reason());
                    }
                });
            }
        }).get(5, TimeUnit.SECONDS);
        // the flush task was queued behind the task above: one more round trip waits for it
        executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
        return verdicts;
    }

    private static ShareChecker checker(ShareHashing hashing) {
        return new ShareChecker(new TestWorkSource(JOB), new PreparedJobCache(4), new DuplicateShareFilter(), hashing);
    }

    private List<String> javaVerdicts(int... nonces) throws Exception {
        return submitTogether(new ShareChecker(new TestWorkSource(JOB), new PreparedJobCache(4), new DuplicateShareFilter(), ShareValidationPath.JAVA), nonces);
    }

    @Test
    void sharesSubmittedTogetherAreHashedInOneCallAndJudgedInArrivalOrder() throws Exception {
        Recording hashing = new Recording(false);
        ShareChecker checker = checker(hashing);
        List<String> got = submitTogether(checker, 7, 8, 7, 9, 8);
        assertEquals(List.of(5), hashing.calls);
        assertEquals(javaVerdicts(7, 8, 7, 9, 8), got, "same verdicts as the Java path, in arrival order");
        assertEquals(List.of("7 rejected DUPLICATE", "8 rejected DUPLICATE"), List.of(got.get(2), got.get(4)));
        assertEquals(new ShareValidationStats("recording", 1, 5, 0, 5), checker.stats());
    }

    @Test
    void aLoneShareTakesTheSingleCall() throws Exception {
        Recording hashing = new Recording(false);
        ShareChecker checker = checker(hashing);
        assertEquals(javaVerdicts(3), submitTogether(checker, 3));
        assertEquals(List.of(1), hashing.calls);
        assertEquals(new ShareValidationStats("recording", 0, 0, 1, 0), checker.stats());
    }

    @Test
    void aFailedBatchIsRehashedOnTheJavaPathAndEveryShareGetsItsVerdict() throws Exception {
        Recording hashing = new Recording(true);
        ShareChecker checker = checker(hashing);
        List<String> got = submitTogether(checker, 1, 2, 1);
        assertEquals(List.of(3), hashing.calls);
        assertEquals(javaVerdicts(1, 2, 1), got);
        assertEquals(new ShareValidationStats("recording", 0, 0, 3, 0), checker.stats());
    }

    @Test
    void moreThanOneCallsWorthIsSplitIntoCallsOfAtMostMaxBatch() throws Exception {
        Recording hashing = new Recording(false);
        ShareChecker checker = checker(hashing);
        int[] nonces = new int[ShareBatcher.MAX_BATCH + 3];
        for (int i = 0; i < nonces.length; i++) nonces[i] = 1000 + i;
        List<String> got = submitTogether(checker, nonces);
        assertEquals(List.of(ShareBatcher.MAX_BATCH, 3), hashing.calls);
        assertEquals(nonces.length, got.size());
        List<String> order = new ArrayList<>();
        for (String v : got) order.add(v.substring(0, v.indexOf(' ')));
        List<String> expected = new ArrayList<>();
        for (int n : nonces) expected.add(Integer.toString(n));
        assertEquals(expected, order, "verdicts in arrival order across calls");
    }
}
