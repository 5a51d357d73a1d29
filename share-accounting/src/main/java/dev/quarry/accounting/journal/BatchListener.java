package dev.quarry.accounting.journal;

/**
 * Told about every batch a journal made durable, on the journal's writer thread: keep it cheap
 * (a metrics update), it delays the next batch.
 */
@FunctionalInterface
public interface BatchListener {

    /**
     * @param shares      shares in the batch
     * @param durableNanos time from the start of the write to durability (fsync or commit done)
     */
    void batchDurable(int shares, long durableNanos);

    BatchListener NONE = (shares, nanos) -> { };
}
