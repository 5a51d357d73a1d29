package dev.quarry.accounting.journal;

import java.util.concurrent.CompletableFuture;

/**
 * The durability promise between the Stratum server and accounting: a share is acknowledged to
 * the miner only after the returned future completes normally, i.e. after the share is durable.
 * Implementations group-commit (one fsync / one database commit per batch) and are idempotent on
 * {@link AcceptedShare#headerHash()}.
 */
public interface ShareJournal extends AutoCloseable {

    /** Completes once the share is durable (or was already stored); completes exceptionally if it could not be stored. */
    CompletableFuture<Void> append(AcceptedShare share);

    /** Flushes what is pending and stops accepting new shares. */
    @Override
    void close();
}
