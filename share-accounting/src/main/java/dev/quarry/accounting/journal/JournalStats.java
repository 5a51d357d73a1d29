package dev.quarry.accounting.journal;

/**
 * Counters of a journal since it was opened.
 *
 * @param batches      durable batches (one fsync or one database commit each)
 * @param stored       shares newly stored in the database
 * @param skippedAtReplay logged shares found at start-up that the database already held (log journal)
 * @param failed       shares that could not be stored (their future failed, or, after a durable
 *                     acknowledgement, the database refused them: see the log)
 * @param queued       shares waiting now: for the durable write, and (log journal) for the database
 * @param insertMillis time spent executing database inserts
 * @param commitMillis time spent making batches durable (database commits, or log fsyncs)
 */
public record JournalStats(long batches, long stored, long skippedAtReplay, long failed, long queued, long insertMillis, long commitMillis) {
}
