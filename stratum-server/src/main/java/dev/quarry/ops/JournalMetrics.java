package dev.quarry.ops;

import dev.quarry.accounting.journal.SqlShareJournal;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The share journal's group commits: {@code quarry_journal_commit_seconds} (the commit, i.e. the
 * fsync / WAL flush every acknowledged share waits for), {@code quarry_journal_insert_seconds} and
 * {@code quarry_journal_batch_shares} (shares per committed batch). Fed by the journal's batch listener.
 */
public final class JournalMetrics implements SqlShareJournal.BatchListener {

    private final Timer commit;
    private final Timer insert;
    private final DistributionSummary batch;

    public JournalMetrics(MeterRegistry registry) {
        commit = Timer.builder("quarry.journal.commit").description("commit of one journal batch (fsync / WAL flush)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        insert = Timer.builder("quarry.journal.insert").description("INSERT statements of one journal batch")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        batch = DistributionSummary.builder("quarry.journal.batch").baseUnit("shares").description("shares per committed journal batch")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(100_000.0)
                .register(registry);
    }

    @Override
    public void committed(int size, long insertNanos, long commitNanos) {
        batch.record(size);
        insert.record(insertNanos, TimeUnit.NANOSECONDS);
        commit.record(commitNanos, TimeUnit.NANOSECONDS);
    }
}
