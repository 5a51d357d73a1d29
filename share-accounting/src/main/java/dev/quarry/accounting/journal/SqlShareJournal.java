package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;
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
    static final String INSERT_HEAD = "INSERT INTO accepted_share (header_hash, seq, time_ms, contract_id, worker, job_id,"
            + " share_target, difficulty, achieved_difficulty, n_bits, height, block_found) VALUES ";

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
    private final AtomicLong insertNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private volatile BatchListener batchListener = BatchListener.NONE;

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
            long t0 = System.nanoTime();
            int inserted = insert(batch);
            long t1 = System.nanoTime();
            commit();
            long t2 = System.nanoTime();
            insertNanos.addAndGet(t1 - t0);
            commitNanos.addAndGet(t2 - t1);
            batches.incrementAndGet();
            stored.addAndGet(inserted);
            duplicates.addAndGet(batch.size() - inserted);
            for (Pending p : batch) p.future.complete(null);
            notifyBatch(batch.size(), t1 - t0, t2 - t1);
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
            int inserted = insert(List.of(p));
            commit();
            if (inserted == 0) duplicates.incrementAndGet(); else stored.incrementAndGet();
            p.future.complete(null);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            failed.incrementAndGet();
            p.future.completeExceptionally(e);
        }
    }

    /** Rows per multi-row INSERT: 12 parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
    static final int ROWS_PER_STATEMENT = 256;

    /**
     * Inserts the batch with multi-row {@code INSERT .. VALUES (..), (..) ON CONFLICT DO NOTHING}
     * statements (far fewer driver round trips than one row per statement). Returns the number of
     * rows actually inserted; the rest were already stored.
     */
    private int insert(List<Pending> batch) throws SQLException {
        if (database.dialect() == Dialect.POSTGRESQL) return insertUnnest(batch);
        int inserted = 0;
        for (int from = 0; from < batch.size(); from += ROWS_PER_STATEMENT) {
            List<Pending> chunk = batch.subList(from, Math.min(batch.size(), from + ROWS_PER_STATEMENT));
            boolean full = chunk.size() == ROWS_PER_STATEMENT;
            PreparedStatement ps = full ? fullStatement() : connection.prepareStatement(insertSql(chunk.size()));
            try {
                int i = 1;
                for (Pending p : chunk) {
                    AcceptedShare s = p.share;
                    ps.setString(i++, HEX.formatHex(s.headerHash()));
                    ps.setLong(i++, nextSeq++);
                    ps.setLong(i++, s.timeMillis());
                    ps.setString(i++, s.contractId());
                    ps.setString(i++, s.worker());
                    ps.setString(i++, s.jobId());
                    ps.setString(i++, s.shareTargetHex());
                    ps.setDouble(i++, s.difficulty());
                    ps.setDouble(i++, s.achievedDifficulty());
                    ps.setLong(i++, Integer.toUnsignedLong(s.networkBits()));
                    ps.setLong(i++, s.height());
                    ps.setBoolean(i++, s.blockFound());
                }
                inserted += ps.executeUpdate();
            } finally {
                if (!full) ps.close();
            }
        }
        return inserted;
    }

    /**
     * PostgreSQL: the whole batch as ONE statement of twelve column arrays, {@code INSERT .. SELECT *
     * FROM unnest(...) ON CONFLICT DO NOTHING} — same table, same idempotency, about 1.5× the rate
     * of multi-row VALUES here. (The schema stays portable; only this DML is PostgreSQL's.)
     */
    private int insertUnnest(List<Pending> batch) throws SQLException {
        int n = batch.size();
        String[] hash = new String[n], contract = new String[n], worker = new String[n], job = new String[n], target = new String[n];
        Long[] seq = new Long[n], time = new Long[n], bits = new Long[n], height = new Long[n];
        Double[] diff = new Double[n], achieved = new Double[n];
        Boolean[] block = new Boolean[n];
        for (int i = 0; i < n; i++) {
            AcceptedShare s = batch.get(i).share;
            hash[i] = HEX.formatHex(s.headerHash());
            seq[i] = nextSeq++;
            time[i] = s.timeMillis();
            contract[i] = s.contractId();
            worker[i] = s.worker();
            job[i] = s.jobId();
            target[i] = s.shareTargetHex();
            diff[i] = s.difficulty();
            achieved[i] = s.achievedDifficulty();
            bits[i] = Integer.toUnsignedLong(s.networkBits());
            height[i] = s.height();
            block[i] = s.blockFound();
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_HEAD.replace(" VALUES ", " ")
                + "SELECT * FROM unnest(?::varchar[], ?::int8[], ?::int8[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
                + " ?::float8[], ?::float8[], ?::int8[], ?::int8[], ?::bool[]) ON CONFLICT (header_hash) DO NOTHING")) {
            ps.setArray(1, connection.createArrayOf("varchar", hash));
            ps.setArray(2, connection.createArrayOf("int8", seq));
            ps.setArray(3, connection.createArrayOf("int8", time));
            ps.setArray(4, connection.createArrayOf("varchar", contract));
            ps.setArray(5, connection.createArrayOf("varchar", worker));
            ps.setArray(6, connection.createArrayOf("varchar", job));
            ps.setArray(7, connection.createArrayOf("varchar", target));
            ps.setArray(8, connection.createArrayOf("float8", diff));
            ps.setArray(9, connection.createArrayOf("float8", achieved));
            ps.setArray(10, connection.createArrayOf("int8", bits));
            ps.setArray(11, connection.createArrayOf("int8", height));
            ps.setArray(12, connection.createArrayOf("bool", block));
            return ps.executeUpdate();
        }
    }

    /** The full-size statement is prepared once per connection: parsing 3,072 placeholders each time is not free. */
    private PreparedStatement fullInsert;

    private PreparedStatement fullStatement() throws SQLException {
        if (fullInsert == null || fullInsert.isClosed()) fullInsert = connection.prepareStatement(insertSql(ROWS_PER_STATEMENT));
        return fullInsert;
    }

    private final String[] sqlByRows = new String[ROWS_PER_STATEMENT + 1];

    private String insertSql(int rows) {
        String sql = sqlByRows[rows];
        if (sql == null) {
            StringBuilder b = new StringBuilder(INSERT_HEAD);
            for (int r = 0; r < rows; r++) b.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            sql = b.append(" ON CONFLICT (header_hash) DO NOTHING").toString();
            sqlByRows[rows] = sql;
        }
        return sql;
    }

    private void ensureConnection() throws SQLException {
        // Validity is only checked after a failure: a round trip per batch would halve throughput.
        if (connection == null || connection.isClosed() || (connectionSuspect && !connection.isValid(5))) {
            fullInsert = null;
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

    /**
     * Observes every committed batch (metrics). Called on the writer thread after the batch's
     * futures completed, so it must be cheap; the share-by-share retry path is not reported.
     */
    @FunctionalInterface
    public interface BatchListener {
        BatchListener NONE = (size, insertNanos, commitNanos) -> { };

        void committed(int size, long insertNanos, long commitNanos);
    }

    public void setBatchListener(BatchListener listener) {
        this.batchListener = listener == null ? BatchListener.NONE : listener;
    }

    private void notifyBatch(int size, long insertNanos, long commitNanos) {
        try {
            batchListener.committed(size, insertNanos, commitNanos);
        } catch (RuntimeException e) {
            // The batch is already durable and acknowledged: a broken observer must not fail it.
            log.warn("journal batch listener failed", e);
        }
    }

    /** Counters since this journal was opened. */
    public JournalStats stats() {
        return new JournalStats(batches.get(), stored.get(), duplicates.get(), failed.get(), queue.size(),
                insertNanos.get() / 1_000_000, commitNanos.get() / 1_000_000);
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
     * @param insertMillis time spent executing inserts (batched path)
     * @param commitMillis time spent committing (the fsync / WAL flush)
     */
    public record JournalStats(long batches, long stored, long duplicates, long failed, int queued, long insertMillis, long commitMillis) {
    }
}
