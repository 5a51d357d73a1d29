package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group-commit share journal over SQLite or PostgreSQL.
 *
 * <p>Callers enqueue shares; one writer thread takes everything that arrived meanwhile (up to
 * {@link JournalConfig#maxBatch()}), inserts it in ONE transaction, commits (one
 * fsync on SQLite with synchronous=FULL, one WAL flush on PostgreSQL) and only then completes the
 * futures of the whole batch. A future that completes normally therefore means "durable".
 * Every share given is stored: resubmitted shares are refused before the journal, by the Stratum
 * server's per-job duplicate filter.
 *
 * <p>Futures are completed on the writer thread: dependants should be cheap or hop to their own
 * executor, or they slow every later batch.
 *
 * <p>Every acknowledged share is already in the database ({@link #awaitStored} returns at once).
 * Exactly one journal writer per database (see {@link ShareTableWriter}). The default journal of
 * a running pool is {@link LoggedShareJournal}, which acknowledges after an fsync of its own log
 * and moves shares into the database behind it; this one is the "direct" mode.
 */
public final class SqlShareJournal implements ShareJournal {

    private static final Logger log = LoggerFactory.getLogger(SqlShareJournal.class);

    private final GroupCommitQueue queue;
    private final Thread writer;
    private final ShareTableWriter table;
    private volatile BatchListener listener = BatchListener.NONE;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong insertNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();

    public SqlShareJournal(Database database, JournalConfig config) {
        this.queue = new GroupCommitQueue(config, 0); // the commit itself takes milliseconds: batches form meanwhile
        try {
            this.table = new ShareTableWriter(database);
        } catch (SQLException e) {
            throw new dev.quarry.accounting.store.StoreException("cannot open the share journal", e);
        }
        this.writer = new Thread(() -> {
            try {
                queue.drain(this::writeBatch);
            } finally {
                table.close();
            }
        }, "quarry-share-journal");
        writer.setDaemon(true);
        writer.start();
    }

    public SqlShareJournal(Database database) {
        this(database, JournalConfig.DEFAULT);
    }

    @Override
    public CompletableFuture<Void> append(AcceptedShare share) {
        if (share == null) return CompletableFuture.failedFuture(new NullPointerException("share"));
        return queue.offer(share);
    }

    @Override
    public void append(AcceptedShare share, Acknowledgement ack) {
        if (share == null) ack.failed(new NullPointerException("share"));
        else queue.offer(share, ack);
    }

    private void writeBatch(List<GroupCommitQueue.Pending> batch) {
        List<AcceptedShare> shares = new ArrayList<>(batch.size());
        for (GroupCommitQueue.Pending p : batch) shares.add(p.share());
        try {
            int inserted = table.write(shares);
            insertNanos.addAndGet(table.lastInsertNanos());
            commitNanos.addAndGet(table.lastCommitNanos());
            batches.incrementAndGet();
            stored.addAndGet(inserted);
            notifyListener(batch.size(), table.lastInsertNanos() + table.lastCommitNanos());
            for (GroupCommitQueue.Pending p : batch) p.succeed();
        } catch (SQLException | RuntimeException batchFailure) {
            log.warn("journal batch of {} failed ({}); retrying share by share", batch.size(), batchFailure.toString());
            // One bad share must not fail its neighbours: retry each alone.
            for (GroupCommitQueue.Pending p : batch) writeOne(p);
        }
    }

    private void writeOne(GroupCommitQueue.Pending p) {
        try {
            stored.addAndGet(table.write(List.of(p.share())));
            p.succeed();
        } catch (SQLException | RuntimeException e) {
            failed.incrementAndGet();
            p.fail(e);
        }
    }

    private void notifyListener(int shares, long nanos) {
        try {
            listener.batchDurable(shares, nanos);
        } catch (RuntimeException e) {
            log.warn("journal batch listener failed", e);
        }
    }

    @Override
    public void setBatchListener(BatchListener listener) {
        this.listener = listener == null ? BatchListener.NONE : listener;
    }

    @Override
    public String healthProblem() {
        return queue.isClosed() || !writer.isAlive() ? "journal writer stopped" : null;
    }

    /** Acknowledged shares are committed to the database already. */
    @Override
    public boolean awaitStored(Duration timeout) {
        return true;
    }

    @Override
    public JournalStats stats() {
        return new JournalStats(batches.get(), stored.get(), 0, failed.get(), queue.size(),
                insertNanos.get() / 1_000_000, commitNanos.get() / 1_000_000);
    }

    /** Stops accepting shares, writes everything already accepted, and waits for the writer. */
    @Override
    public void close() {
        queue.close();
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.failQueued(); // only reachable if the writer died: fail what it will never write
    }
}
