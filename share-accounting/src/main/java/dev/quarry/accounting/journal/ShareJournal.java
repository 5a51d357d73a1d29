package dev.quarry.accounting.journal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The durability promise between the Stratum server and accounting: a share is acknowledged to
 * the miner only after the returned future completes normally (or its {@link Acknowledgement} is
 * told {@code durable}), i.e. after the share is durable.
 * Implementations group-commit (one fsync / one database commit per batch) and store every
 * acknowledged share exactly once, across crashes. They do not look for duplicates among the
 * shares offered: refusing a resubmitted share is the Stratum server's per-job duplicate filter's
 * job, before the journal (a database-wide unique index on random hashes cost more than all the
 * rest of storing a share).
 */
public interface ShareJournal extends AutoCloseable {

    /** Completes once the share is durable; completes exceptionally if it could not be made durable. */
    CompletableFuture<Void> append(AcceptedShare share);

    /**
     * The same promise without a future per share, for the Stratum server's hot path: {@code ack}
     * is told once, when the share is durable or has failed (see {@link Acknowledgement} for the
     * thread). The group-commit journals implement it directly; this default goes through
     * {@link #append(AcceptedShare)}.
     */
    default void append(AcceptedShare share, Acknowledgement ack) {
        append(share).whenComplete((ok, err) -> {
            if (err == null) ack.durable();
            else ack.failed(err);
        });
    }

    /**
     * Waits until every share acknowledged before this call is in the database (settlement reads
     * the database). Returns false on timeout.
     */
    default boolean awaitStored(Duration timeout) throws InterruptedException {
        return true;
    }

    /** Counters since opening (a journal that does not count reports zeros). */
    default JournalStats stats() {
        return new JournalStats(0, 0, 0, 0, 0, 0, 0);
    }

    /** Called after every durable batch (replaces the previous listener); ignored by a journal without batches. */
    default void setBatchListener(BatchListener listener) {
    }

    /** Why the journal cannot take shares now (for the readiness check), or null when it can. */
    default String healthProblem() {
        return null;
    }

    /** Flushes what is pending and stops accepting new shares. */
    @Override
    void close();
}
