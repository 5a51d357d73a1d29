package dev.quarry.stratum.share;

import dev.quarry.pow.share.ShareOutcome;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hashes checked shares, several per native call when several are waiting, without a thread or
 * a timer of its own.
 *
 * <p>Each event loop has a pending list. The first share added to an empty list schedules one
 * flush task on the same event loop ({@code execute}); Netty runs tasks after the reads of the
 * current iteration, so every submit decoded in that iteration, from any connection of the
 * loop, is in the list by then. The flush hashes them in one native call (one JNI call per
 * {@link #MAX_BATCH}), then judges and delivers the verdicts in arrival order, so the duplicate
 * filter sees identical shares in the order they came. Nothing waits for more shares to
 * arrive: a lone share is hashed by the flush right after its read, with the single-share call.
 *
 * <p>On the Java path there is nothing to gain from waiting, so shares are hashed and judged at
 * once, exactly as they were before batching.
 */
final class ShareBatcher {

    /** Shares per native call: the call pins its arrays (JNI critical) for about 1 µs per share. */
    static final int MAX_BATCH = 128;

    private static final Logger log = LoggerFactory.getLogger(ShareBatcher.class);

    /** The checks that need the hash: share target, duplicate, block. */
    interface Judge {
        ShareVerdict judge(CheckedShare share, ShareOutcome out) throws ShareRejectedException;
    }

    private final ShareHashing hashing;
    private final ShareHashing fallback;
    private final Judge judge;
    private final LongAdder batches = new LongAdder();
    private final LongAdder sharesInBatches = new LongAdder();
    private final LongAdder singles = new LongAdder();
    private final LongAccumulator largestBatch = new LongAccumulator(Math::max, 0);
    private final FastThreadLocal<LoopQueue> queues = new FastThreadLocal<>() {
        @Override
        protected LoopQueue initialValue() {
            return new LoopQueue();
        }
    };

    /**
     * @param hashing  the hashing in use
     * @param fallback used for a batch the hashing failed on (a bug, logged), so every waiting
     *                 connection still gets its answer
     */
    ShareBatcher(ShareHashing hashing, ShareHashing fallback, Judge judge) {
        this.hashing = hashing;
        this.fallback = fallback;
        this.judge = judge;
    }

    /**
     * Hashes and judges a share and tells the listener, on {@code loop}: now on the Java path
     * (or when called off the loop), otherwise in the loop's next flush.
     */
    void submit(EventExecutor loop, CheckedShare share, VerdictListener listener) {
        if (!hashing.batches() || !loop.inEventLoop()) {
            ShareOutcome out = queues.get().outcomes[0];
            hashing.hashOne(share, out);
            singles.increment();
            deliver(share, out, listener);
            return;
        }
        LoopQueue q = queues.get();
        if (q.add(share, listener)) loop.execute(q);
    }

    ShareValidationStats stats() {
        return new ShareValidationStats(hashing.name(), batches.sum(), sharesInBatches.sum(), singles.sum(), largestBatch.get());
    }

    String engine() {
        return hashing.name();
    }

    private void deliver(CheckedShare share, ShareOutcome out, VerdictListener listener) {
        ShareVerdict verdict;
        try {
            verdict = judge.judge(share, out);
        } catch (ShareRejectedException e) {
            listener.rejected(e);
            return;
        }
        listener.accepted(verdict);
    }

    /** One event loop's waiting shares; only that loop's thread touches it. */
    private final class LoopQueue implements Runnable {
        private List<CheckedShare> pending = new ArrayList<>();
        private List<VerdictListener> listeners = new ArrayList<>();
        private List<CheckedShare> taking = new ArrayList<>();
        private List<VerdictListener> takingListeners = new ArrayList<>();
        private final CheckedShare[] chunk = new CheckedShare[MAX_BATCH];
        private final ShareOutcome[] outcomes = new ShareOutcome[MAX_BATCH];

        LoopQueue() {
            for (int i = 0; i < MAX_BATCH; i++) outcomes[i] = new ShareOutcome();
        }

        /** Returns true when the list was empty, i.e. the caller must schedule the flush. */
        boolean add(CheckedShare share, VerdictListener listener) {
            pending.add(share);
            listeners.add(listener);
            return pending.size() == 1;
        }

        /** The flush: swaps the lists first, so a share added by a listener starts a new flush. */
        @Override
        public void run() {
            List<CheckedShare> shares = pending;
            List<VerdictListener> ls = listeners;
            pending = taking;
            listeners = takingListeners;
            taking = shares;
            takingListeners = ls;
            try {
                for (int from = 0; from < shares.size(); from += MAX_BATCH) {
                    int n = Math.min(MAX_BATCH, shares.size() - from);
                    for (int i = 0; i < n; i++) chunk[i] = shares.get(from + i);
                    hash(n);
                    for (int i = 0; i < n; i++) {
                        try {
                            deliver(chunk[i], outcomes[i], ls.get(from + i));
                        } catch (RuntimeException e) {
                            // One connection's failure must not cost the others their answers.
                            log.warn("share verdict handling failed", e);
                        }
                        chunk[i] = null;
                    }
                }
            } finally {
                shares.clear();
                ls.clear();
            }
        }

        private void hash(int n) {
            if (n == 1) {
                hashing.hashOne(chunk[0], outcomes[0]);
                singles.increment();
                return;
            }
            try {
                hashing.hashAll(chunk, outcomes, n);
            } catch (RuntimeException e) {
                log.error("{} batch validation failed; validating these {} shares on the {} path", hashing.name(), n, fallback.name(), e);
                fallback.hashAll(chunk, outcomes, n);
                singles.add(n);
                return;
            }
            batches.increment();
            sharesInBatches.add(n);
            largestBatch.accumulate(n);
        }
    }
}
