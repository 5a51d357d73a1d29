package dev.quarry.accounting.journal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Tuning of the group-commit journal.
 *
 * @param queueCapacity  shares waiting for the writer at most; beyond it {@code append} waits
 *                       (back-pressure) up to {@code enqueueWait} and then fails the share's future
 *                       with {@link JournalFullException}
 * @param maxBatch       shares written in one transaction at most
 * @param enqueueWait    how long {@code append} may block the caller when the queue is full;
 *                       {@link Duration#ZERO} fails immediately (what a non-blocking caller such as
 *                       a Netty event loop wants)
 * @param logDirectory   where {@link LoggedShareJournal} keeps its write-ahead log (acknowledge on
 *                       the log's fsync, store in the database behind it); null for the direct
 *                       {@link SqlShareJournal} (acknowledge on the database commit)
 */
public record JournalConfig(int queueCapacity, int maxBatch, Duration enqueueWait, Path logDirectory) {

    public static final JournalConfig DEFAULT = new JournalConfig(65_536, 4_096, Duration.ZERO, null);

    public JournalConfig(int queueCapacity, int maxBatch, Duration enqueueWait) {
        this(queueCapacity, maxBatch, enqueueWait, null);
    }

    public JournalConfig {
        if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity must be >= 1");
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1");
        if (enqueueWait == null || enqueueWait.isNegative()) throw new IllegalArgumentException("enqueueWait must be >= 0");
    }

    public JournalConfig withEnqueueWait(Duration wait) {
        return new JournalConfig(queueCapacity, maxBatch, wait, logDirectory);
    }

    /** The log journal with its log in {@code directory}; null for the direct journal. */
    public JournalConfig withLogDirectory(Path directory) {
        return new JournalConfig(queueCapacity, maxBatch, enqueueWait, directory);
    }

    /** Opens the journal this configuration describes over {@code database}. */
    public ShareJournal open(dev.quarry.accounting.store.Database database) {
        return logDirectory == null ? new SqlShareJournal(database, this) : new LoggedShareJournal(database, logDirectory, this);
    }
}
