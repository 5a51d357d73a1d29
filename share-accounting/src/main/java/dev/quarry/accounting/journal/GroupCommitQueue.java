package dev.quarry.accounting.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The front both journals share: callers enqueue shares with their futures or acknowledgements (bounded, with
 * back-pressure), and one writer thread takes everything that arrived meanwhile as a batch
 * ({@link #drain}). What "durable" means for a batch is the {@link BatchWriter}'s business.
 */
final class GroupCommitQueue {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitQueue.class);

    /** A queued share and whom to tell when its batch is durable. */
    static final class Pending {
        private final AcceptedShare share;
        private final Acknowledgement ack;
        /**
         * Set by the first answer: a batch whose sync failed is failed by the writer and again by
         * the writer loop's handler, and an acknowledgement, unlike a future, must hear it once.
         * Only one thread answers a given share (the appender before it is queued, the writer or
         * the closer after), so a plain field is enough.
         */
        private boolean answered;

        private Pending(AcceptedShare share, Acknowledgement ack) {
            this.share = share;
            this.ack = ack;
        }

        AcceptedShare share() {
            return share;
        }

        void succeed() {
            if (answered) return;
            answered = true;
            try {
                ack.durable();
            } catch (RuntimeException e) {
                log.warn("share acknowledgement failed", e);
            }
        }

        void fail(Throwable cause) {
            if (answered) return;
            answered = true;
            try {
                ack.failed(cause);
            } catch (RuntimeException e) {
                log.warn("share acknowledgement failed", e);
            }
        }
    }

    /** {@link #offer(AcceptedShare)}'s future, as the acknowledgement both kinds of caller share. */
    private record FutureAcknowledgement(CompletableFuture<Void> future) implements Acknowledgement {
        @Override
        public void durable() {
            future.complete(null);
        }

        @Override
        public void failed(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }

    /** Makes one batch durable and completes its futures; may throw to stop the writer. */
    @FunctionalInterface
    interface BatchWriter {
        void write(List<Pending> batch) throws Exception;
    }

    /** A batch already this large when the writer takes it is written at once, without waiting out {@link #gatherNanos}. */
    static final int FULL_ENOUGH = 256;

    private final JournalConfig config;
    private final long gatherNanos;
    private final BlockingQueue<Pending> queue;
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /**
     * @param gatherNanos how long the writer may wait, after the first share of a batch, for more
     *                    to join it (unless {@link #FULL_ENOUGH} are there already); 0 writes what is there at once.
     *                    Each batch costs one sync: at low rates, waiting a little turns a sync per
     *                    share into one per several, for that much added latency.
     */
    GroupCommitQueue(JournalConfig config, long gatherNanos) {
        this.config = config;
        this.gatherNanos = gatherNanos;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    }

    /**
     * Enqueues {@code share}; the returned future fails at once when the journal is closed or the
     * queue stays full beyond {@link JournalConfig#enqueueWait()}.
     */
    CompletableFuture<Void> offer(AcceptedShare share) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        enqueue(new Pending(share, new FutureAcknowledgement(future)));
        return future;
    }

    /** Enqueues {@code share}; {@code ack} is told at once (on this thread) when the journal is closed or full. */
    void offer(AcceptedShare share, Acknowledgement ack) {
        enqueue(new Pending(share, ack));
    }

    private void enqueue(Pending p) {
        // The read lock makes "not closed, then enqueued" atomic with respect to close(), so no
        // share can slip into the queue after the writer's final drain.
        Throwable refused = null;
        closeLock.readLock().lock();
        try {
            if (closed) {
                refused = new JournalClosedException("share journal is closed");
            } else {
                boolean queued = config.enqueueWait().isZero()
                        ? queue.offer(p)
                        : queue.offer(p, config.enqueueWait().toNanos(), TimeUnit.NANOSECONDS);
                if (!queued) refused = new JournalFullException(config.queueCapacity());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refused = new JournalFullException(config.queueCapacity());
        } finally {
            closeLock.readLock().unlock();
        }
        // Told outside the lock: an acknowledgement may do anything, including appending again.
        if (refused != null) p.fail(refused);
    }

    /**
     * The writer thread's loop: batches of up to {@link JournalConfig#maxBatch()} shares to
     * {@code writer} until closed and empty. If the writer throws, the batch's futures fail, the
     * queue closes, and whatever is still queued fails too: nothing waits for a writer that is gone.
     */
    void drain(BatchWriter writer) {
        List<Pending> batch = new ArrayList<>(config.maxBatch());
        try {
            while (true) {
                Pending first = queue.poll(20, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) return;
                    continue;
                }
                long gatherUntil = System.nanoTime() + gatherNanos;
                batch.add(first);
                queue.drainTo(batch, config.maxBatch() - 1);
                if (gatherNanos > 0 && batch.size() < FULL_ENOUGH) {
                    // Sleep out the gather window instead of polling: a poll is woken by every
                    // offer, which at a few shares per millisecond was a wake-up per share.
                    long left;
                    while (!closed && (left = gatherUntil - System.nanoTime()) > 0) LockSupport.parkNanos(this, left);
                    queue.drainTo(batch, config.maxBatch() - batch.size());
                }
                writer.write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("share journal writer died; shares are refused from now on", t);
            for (Pending p : batch) p.fail(t);
        } finally {
            closed = true;
            failQueued();
        }
    }

    /** Stops accepting: later offers fail; the writer drains what is queued and returns. */
    void close() {
        closeLock.writeLock().lock();
        try {
            closed = true;
        } finally {
            closeLock.writeLock().unlock();
        }
    }

    /** Fails everything still queued (only reachable when the writer is gone). */
    void failQueued() {
        Pending p;
        while ((p = queue.poll()) != null) p.fail(new JournalClosedException("share journal writer stopped"));
    }

    boolean isClosed() {
        return closed;
    }

    int size() {
        return queue.size();
    }
}
