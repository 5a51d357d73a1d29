package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Group-commit share journal over SQLite or PostgreSQL.
 *
 * <p>Callers enqueue shares; one writer thread takes everything that arrived meanwhile (up to
 * {@link JournalConfig#maxBatch()}), inserts it in ONE transaction with {@code INSERT .. ON
 * CONFLICT (header_hash) DO NOTHING} (so a share offered twice is stored once), commits (one
 * fsync on SQLite with synchronous=FULL, one WAL flush on PostgreSQL) and only then completes the
 * futures of the whole batch. A future that completes normally therefore means "durable".
 *
 * <p>Futures are completed on the writer thread: dependants should be cheap or hop to their own
 * executor, or they slow every later batch.
 *
 * <p>Exactly one journal writer per database: the writer numbers shares ({@code seq}) in commit
 * order, continuing from the stored maximum, and settlement credits by {@code seq} ranges.
 */
public final class SqlShareJournal implements ShareJournal {

    private static final Logger log = LoggerFactory.getLogger(SqlShareJournal.class);
    private static final HexFormat HEX = HexFormat.of();
    static final String INSERT = "INSERT INTO accepted_share (header_hash, seq, time_ms, contract_id, worker, job_id,"
            + " share_target, difficulty, achieved_difficulty, n_bits, height, block_found)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (header_hash) DO NOTHING";

    private final Database database;
    private final JournalConfig config;
    private final BlockingQueue<Pending> queue;
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private final Thread writer;
    private Connection connection;
    private boolean connectionSuspect;
    private long nextSeq;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private record Pending(AcceptedShare share, CompletableFuture<Void> future) {
    }

    public SqlShareJournal(Database database, JournalConfig config) {
        this.database = database;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        try {
            openConnection();
        } catch (SQLException e) {
            throw new dev.quarry.accounting.store.StoreException("cannot open the share journal", e);
        }
        this.writer = new Thread(this::writeLoop, "quarry-share-journal");
        writer.setDaemon(true);
        writer.start();
    }

    public SqlShareJournal(Database database) {
        this(database, JournalConfig.DEFAULT);
    }

    private void openConnection() throws SQLException {
        connection = database.connection();
        connection.setAutoCommit(true);
        try (PreparedStatement ps = connection.prepareStatement("SELECT MAX(seq) FROM accepted_share");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long max = rs.getLong(1);
            nextSeq = Math.max(nextSeq, max + 1);
        }
    }

    /**
     * Between batches the connection stays in auto-commit mode: the SQLite driver begins the next
     * transaction eagerly when auto-commit is off, and with BEGIN IMMEDIATE an idle journal would
     * then hold the database's write lock and starve settlement and payouts.
     */
    private void begin() throws SQLException {
        connection.setAutoCommit(false);
    }

    private void commit() throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    @Override
    public CompletableFuture<Void> append(AcceptedShare share) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (share == null) {
            future.completeExceptionally(new NullPointerException("share"));
            return future;
        }
        // The read lock makes "not closed, then enqueued" atomic with respect to close(), so no
        // share can slip into the queue after the writer's final drain.
        closeLock.readLock().lock();
        try {
            if (closed) {
                future.completeExceptionally(new JournalClosedException("share journal is closed"));
                return future;
            }
            Pending p = new Pending(share, future);
            boolean queued = config.enqueueWait().isZero()
                    ? queue.offer(p)
                    : queue.offer(p, config.enqueueWait().toNanos(), TimeUnit.NANOSECONDS);
            if (!queued) future.completeExceptionally(new JournalFullException(config.queueCapacity()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(new JournalFullException(config.queueCapacity()));
        } finally {
            closeLock.readLock().unlock();
        }
        return future;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(config.maxBatch());
        try {
            while (true) {
                Pending first = queue.poll(20, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) return;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.maxBatch() - 1);
                writeBatch(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("share journal writer died", t);
            for (Pending p : batch) p.future.completeExceptionally(t);
        } finally {
            // If the writer died, nothing will write what is queued: refuse and fail it.
            closed = true;
            Pending left;
            while ((left = queue.poll()) != null) left.future.completeExceptionally(new JournalClosedException("share journal writer stopped"));
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing after failure; nothing more to do
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        try {
            ensureConnection();
            begin();
            int[] counts = insert(batch);
            commit();
            batches.incrementAndGet();
            for (int i = 0; i < batch.size(); i++) {
                if (counts[i] == 0) duplicates.incrementAndGet(); else stored.incrementAndGet();
                batch.get(i).future.complete(null);
            }
        } catch (SQLException | RuntimeException batchFailure) {
            rollbackQuietly();
            log.warn("journal batch of {} failed ({}); retrying share by share", batch.size(), batchFailure.toString());
            // One bad share must not fail its neighbours: retry each alone.
            for (Pending p : batch) writeOne(p);
        }
    }

    private void writeOne(Pending p) {
        try {
            ensureConnection();
            begin();
            int[] counts = insert(List.of(p));
            commit();
            if (counts[0] == 0) duplicates.incrementAndGet(); else stored.incrementAndGet();
            p.future.complete(null);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            failed.incrementAndGet();
            p.future.completeExceptionally(e);
        }
    }

    private int[] insert(List<Pending> batch) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            for (Pending p : batch) {
                AcceptedShare s = p.share;
                ps.setString(1, HEX.formatHex(s.headerHash()));
                ps.setLong(2, nextSeq++);
                ps.setLong(3, s.timeMillis());
                ps.setString(4, s.contractId());
                ps.setString(5, s.worker());
                ps.setString(6, s.jobId());
                ps.setString(7, s.shareTargetHex());
                ps.setDouble(8, s.difficulty());
                ps.setDouble(9, s.achievedDifficulty());
                ps.setLong(10, Integer.toUnsignedLong(s.networkBits()));
                ps.setLong(11, s.height());
                ps.setBoolean(12, s.blockFound());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            if (counts.length != batch.size()) throw new SQLException("driver returned " + counts.length + " counts for " + batch.size() + " rows");
            return counts;
        }
    }

    private void ensureConnection() throws SQLException {
        // Validity is only checked after a failure: a round trip per batch would halve throughput.
        if (connection == null || connection.isClosed() || (connectionSuspect && !connection.isValid(5))) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // replaced below
                }
            }
            openConnection();
        }
        connectionSuspect = false;
    }

    private void rollbackQuietly() {
        connectionSuspect = true;
        try {
            if (connection != null && !connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.warn("journal rollback failed", e);
        }
    }

    /** Counters since this journal was opened. */
    public JournalStats stats() {
        return new JournalStats(batches.get(), stored.get(), duplicates.get(), failed.get(), queue.size());
    }

    /** Stops accepting shares, writes everything already accepted, and waits for the writer. */
    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            closed = true;
        } finally {
            closeLock.writeLock().unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Only reachable if the writer died: fail what it will never write.
        Pending p;
        while ((p = queue.poll()) != null) p.future.completeExceptionally(new JournalClosedException("share journal writer stopped"));
    }

    /**
     * @param batches    committed batches
     * @param stored     shares newly stored
     * @param duplicates shares offered again and ignored (already stored)
     * @param failed     shares whose future failed
     * @param queued     shares waiting now
     */
    public record JournalStats(long batches, long stored, long duplicates, long failed, int queued) {
    }
}
