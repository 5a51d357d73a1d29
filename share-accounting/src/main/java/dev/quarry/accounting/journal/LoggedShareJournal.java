package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The pool's share journal: group commit to an append-only log, the database behind it.
 *
 * <p>Why a log in front of the database: a database commit writes and syncs the pages of a table
 * and its indexes, milliseconds per batch on an ordinary disk, and the acknowledgement waited on
 * it. Here the writer thread appends the batch to a
 * {@link ShareLog} (sequential bytes, one {@code fdatasync}) and only then completes the batch's
 * futures: an acknowledged share is on disk. A second thread moves logged shares into the
 * database in large transactions ({@link ShareTableWriter}), storing with them the log position
 * they reach, and deletes log segments once all their shares are stored.
 *
 * <p>After a crash, opening the journal replays the log into the database before anything else,
 * skipping the records at or below the stored log position, so every acknowledged share is stored
 * exactly once. If the database is unreachable, shares keep being acknowledged from the log and
 * the database thread retries with back-off; the log holds them meanwhile (bounded by the
 * hand-over queue: when the database falls that far behind, appends wait and then fail).
 */
public final class LoggedShareJournal implements ShareJournal {

    private static final Logger log = LoggerFactory.getLogger(LoggedShareJournal.class);
    /** Segment size: small enough that replaying one after a crash takes well under a second. */
    static final long SEGMENT_BYTES = 16L << 20;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(20);
    /**
     * The database thread gathers shares for up to this long (or {@link #MAX_TRANSACTION} shares)
     * per transaction: one commit (and WAL sync) per 100 ms instead of one per log batch. The
     * database lags the acknowledgements by about this much.
     */
    static final long GATHER_NANOS = Duration.ofMillis(100).toNanos();
    /**
     * The log writer waits up to this long after a batch's first share for more to join it. A log
     * sync is ~0.1 ms here, so at a few thousand shares/s batches were one or two shares and the
     * syncs cost ~35 µs of CPU per share; 1 ms of added latency makes them several times larger.
     */
    static final long SYNC_GATHER_NANOS = Duration.ofMillis(1).toNanos();
    static final int MAX_TRANSACTION = 65_536;
    /** Acknowledged shares waiting for the database at most; beyond it the writer waits (back-pressure). */
    static final int MAX_DATABASE_BACKLOG = 262_144;

    private final JournalConfig config;
    private final ShareLog shareLog;
    private final ShareTableWriter table;
    private final GroupCommitQueue queue;
    private final BlockingQueue<Logged> toDatabase = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.Semaphore backlogRoom = new java.util.concurrent.Semaphore(MAX_DATABASE_BACKLOG);
    private volatile boolean writerDone;
    private final Thread writer;
    private final Thread applier;
    private volatile BatchListener listener = BatchListener.NONE;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong skippedAtReplay = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong insertNanos = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    private final AtomicLong databaseBacklog = new AtomicLong();
    /**
     * Only when the database holds no log position yet but a log exists (a log left by a version
     * from before positions, migration V2, after a crash): the hashes of the newest stored shares,
     * at least as many as the log can hold records. Such a log's stored records are the last ones
     * stored (segments were deleted once fully stored, and shares were stored in log order), so
     * replay skips those found here. Empty otherwise.
     */
    private final Set<String> storedBeforePositions;
    private static final HexFormat HEX = HexFormat.of();
    /** Set by {@link #awaitStored}: the database thread stops gathering and stores what it has. */
    private volatile boolean storeNow;

    /** A durable batch on its way to the database, with the newest log segment it touched and the log position after it. */
    private record Logged(List<AcceptedShare> shares, long segment, long endPosition) {
    }

    /**
     * Opens the log in {@code logDirectory}, replays what a previous run left there into the
     * database (blocking: when this returns, every share ever acknowledged is stored), and starts.
     */
    public LoggedShareJournal(Database database, Path logDirectory, JournalConfig config) {
        this.config = config;
        this.queue = new GroupCommitQueue(config, SYNC_GATHER_NANOS);
        try {
            this.table = new ShareTableWriter(database);
            this.shareLog = ShareLog.open(logDirectory, SEGMENT_BYTES);
            this.storedBeforePositions = table.appliedLogPosition() == 0 && shareLog.recoverableBytes() > 0
                    ? table.newestHashes((int) Math.min(Integer.MAX_VALUE, shareLog.recoverableBytes() / ShareRecordCodec.MIN_FRAME))
                    : Set.of();
            long replayed = shareLog.recover(config.maxBatch(), table.appliedLogPosition(), this::storeReplayed);
            skippedAtReplay.addAndGet(shareLog.skippedAtRecovery());
            if (replayed > 0 || skippedAtReplay.get() > 0) {
                log.info("journal: replayed {} logged shares into the database ({} in the log were stored already)",
                        stored.get(), skippedAtReplay.get());
            }
            shareLog.startAfterRecovery(table.appliedLogPosition());
        } catch (IOException | SQLException | StoreException | UncheckedSql e) {
            throw new StoreException("cannot open the share journal in " + logDirectory + ": " + rootMessage(e), e);
        }
        this.writer = new Thread(this::writeLoop, "quarry-share-journal");
        this.applier = new Thread(this::applyLoop, "quarry-journal-db");
        writer.setDaemon(true);
        applier.setDaemon(true);
        writer.start();
        applier.start();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    /** Unchecked carrier for a database failure during replay. */
    private static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }
    }

    private void storeReplayed(List<AcceptedShare> shares, long endPosition) {
        if (!storedBeforePositions.isEmpty()) {
            int before = shares.size();
            shares.removeIf(s -> storedBeforePositions.contains(HEX.formatHex(s.headerHash())));
            skippedAtReplay.addAndGet(before - shares.size());
        }
        try {
            stored.addAndGet(table.write(shares, endPosition));
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
    }

    @Override
    public CompletableFuture<Void> append(AcceptedShare share) {
        if (share == null) return CompletableFuture.failedFuture(new NullPointerException("share"));
        try {
            ShareRecordCodec.checkStorable(share);
        } catch (IllegalArgumentException e) {
            failed.incrementAndGet();
            return CompletableFuture.failedFuture(e);
        }
        return queue.offer(share);
    }

    @Override
    public void append(AcceptedShare share, Acknowledgement ack) {
        if (share == null) {
            ack.failed(new NullPointerException("share"));
            return;
        }
        try {
            ShareRecordCodec.checkStorable(share);
        } catch (IllegalArgumentException e) {
            failed.incrementAndGet();
            ack.failed(e);
            return;
        }
        queue.offer(share, ack);
    }

    // ---- writer thread: queue -> log (fsync) -> acknowledgements -> database thread

    private void writeLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        CRC32C crc = new CRC32C();
        try {
            queue.drain(batch -> writeBatch(batch, buffer, crc));
        } finally {
            writerDone = true;
        }
    }

    private void writeBatch(List<GroupCommitQueue.Pending> batch, ByteBuffer buffer, CRC32C crc) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<AcceptedShare> shares = new ArrayList<>(batch.size());
        buffer.clear();
        long segment = shareLog.currentSegment();
        for (GroupCommitQueue.Pending p : batch) {
            if (buffer.remaining() < ShareRecordCodec.MAX_PAYLOAD + ShareRecordCodec.FRAME_HEADER) {
                buffer.flip();
                shareLog.write(buffer);
                buffer.clear();
            }
            ShareRecordCodec.encode(p.share(), buffer, crc);
            shares.add(p.share());
        }
        buffer.flip();
        shareLog.write(buffer);
        // A batch may have rolled the log over; it is deleted only once this batch is stored,
        // so record the newest segment it touched.
        segment = Math.max(segment, shareLog.currentSegment());
        long endPosition = shareLog.position();
        try {
            shareLog.sync();
        } catch (IOException e) {
            // Whether the bytes reached the disk is unknown: fail the batch (the miners are told
            // their shares were not accepted) and stop, rather than acknowledge on a broken disk.
            for (GroupCommitQueue.Pending p : batch) p.fail(e);
            throw e;
        }
        long durable = System.nanoTime() - t0;
        syncNanos.addAndGet(durable);
        batches.incrementAndGet();
        acknowledged.addAndGet(batch.size());
        databaseBacklog.addAndGet(batch.size());
        notifyListener(batch.size(), durable);
        for (GroupCommitQueue.Pending p : batch) p.succeed();
        // Blocks when the database is far behind: back-pressure on the acknowledgements, never loss.
        backlogRoom.acquire(shares.size());
        toDatabase.put(new Logged(shares, segment, endPosition));
    }

    private void notifyListener(int shares, long nanos) {
        try {
            listener.batchDurable(shares, nanos);
        } catch (RuntimeException e) {
            log.warn("journal batch listener failed", e);
        }
    }

    // ---- database thread: logged batches -> accepted_share, then log segments are deleted

    private void applyLoop() {
        List<AcceptedShare> shares = new ArrayList<>(MAX_TRANSACTION + config.maxBatch());
        List<Logged> taken = new ArrayList<>();
        boolean everythingStored = false;
        try {
            while (true) {
                Logged first = toDatabase.poll(20, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (writerDone && toDatabase.isEmpty()) {
                        everythingStored = true;
                        return;
                    }
                    continue;
                }
                taken.add(first);
                shares.addAll(first.shares());
                // Larger transactions here cost the miners nothing: they are acknowledged already.
                long gatherUntil = System.nanoTime() + GATHER_NANOS;
                while (shares.size() < MAX_TRANSACTION && !queue.isClosed() && !storeNow) {
                    long left = gatherUntil - System.nanoTime();
                    if (left <= 0) {
                        Logged more = toDatabase.poll();
                        if (more == null) break;
                        taken.add(more);
                        shares.addAll(more.shares());
                        continue;
                    }
                    // short polls, so that a waiting awaitStored is noticed within 10 ms
                    Logged more = toDatabase.poll(Math.min(left, 10_000_000L), TimeUnit.NANOSECONDS);
                    if (more == null) continue;
                    taken.add(more);
                    shares.addAll(more.shares());
                }
                storeNow = false;
                if (!storeWithRetry(shares, taken.get(taken.size() - 1).endPosition())) return;
                applied.addAndGet(shares.size());
                databaseBacklog.addAndGet(-shares.size());
                backlogRoom.release(shares.size());
                shareLog.deleteBefore(taken.get(taken.size() - 1).segment());
                shares.clear();
                taken.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("share journal database thread died; acknowledged shares stay in the log and are stored at the next start", t);
        } finally {
            shareLog.close(everythingStored);
            table.close();
        }
    }

    /**
     * Stores {@code shares}, retrying with back-off while the database fails (they are durable in
     * the log, so waiting loses nothing). Returns false only when closing and the database stayed
     * unusable past the close deadline: the shares are then stored at the next start.
     */
    private boolean storeWithRetry(List<AcceptedShare> shares, long endPosition) throws InterruptedException {
        long backoffMs = 100;
        long closeDeadline = Long.MAX_VALUE;
        while (true) {
            try {
                int inserted = table.write(shares, endPosition);
                insertNanos.addAndGet(table.lastInsertNanos() + table.lastCommitNanos());
                stored.addAndGet(inserted);
                return true;
            } catch (SQLException | RuntimeException e) {
                if (queue.isClosed() && closeDeadline == Long.MAX_VALUE) closeDeadline = System.nanoTime() + CLOSE_DEADLINE.toNanos();
                if (System.nanoTime() > closeDeadline) {
                    log.error("journal: the database still fails at shutdown ({}); {} acknowledged shares stay in the log {}"
                            + " and are stored at the next start", e.toString(), databaseBacklog.get(), "(nothing is lost)");
                    return false;
                }
                log.warn("journal: storing {} acknowledged shares failed ({}); they are safe in the log, retrying in {} ms",
                        shares.size(), e.toString(), backoffMs);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(5_000, backoffMs * 2);
            }
        }
    }

    @Override
    public void setBatchListener(BatchListener listener) {
        this.listener = listener == null ? BatchListener.NONE : listener;
    }

    @Override
    public boolean awaitStored(Duration timeout) throws InterruptedException {
        long target = acknowledged.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (applied.get() < target) {
            storeNow = true;
            if (System.nanoTime() > deadline || !applier.isAlive()) return applied.get() >= target;
            Thread.sleep(1);
        }
        return true;
    }

    @Override
    public JournalStats stats() {
        return new JournalStats(batches.get(), stored.get(), skippedAtReplay.get(), failed.get(),
                queue.size() + databaseBacklog.get(), insertNanos.get() / 1_000_000, syncNanos.get() / 1_000_000);
    }

    @Override
    public String healthProblem() {
        if (queue.isClosed() || !writer.isAlive()) return "journal writer stopped";
        if (!applier.isAlive()) return "journal database thread stopped";
        if (databaseBacklog.get() > MAX_DATABASE_BACKLOG / 2) {
            return "database behind by " + databaseBacklog.get() + " acknowledged shares (safe in the log)";
        }
        return null;
    }

    /** Shares acknowledged (durable in the log) but not yet in the database. */
    public long databaseBacklog() {
        return databaseBacklog.get();
    }

    /**
     * Stops accepting shares, logs and acknowledges everything already accepted, stores it in the
     * database, and deletes the log (bounded: if the database fails for longer than 20 s the log
     * is kept and replayed at the next start).
     */
    @Override
    public void close() {
        queue.close();
        try {
            writer.join();
            applier.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.failQueued(); // only reachable if the writer died
    }
}
