package dev.quarry.ops;

import dev.quarry.accounting.journal.BatchListener;
import dev.quarry.accounting.journal.ShareJournal;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The share journal's group commits, fed by its batch listener:
 * {@code quarry_journal_commit_seconds} (from the start of a batch's write until it is durable —
 * the log's fsync with journal.mode=log, the database commit with direct — which every
 * acknowledged share waits for), {@code quarry_journal_batch_shares} (shares per durable batch) and
 * {@code quarry_journal_queued_shares} (waiting for the durable write and, with the log, for the
 * database).
 */
public final class JournalMetrics implements BatchListener {

    private final Timer commit;
    private final DistributionSummary batch;

    private JournalMetrics(MeterRegistry registry) {
        commit = Timer.builder("quarry.journal.commit").description("time to make one journal batch durable (log fsync or database commit)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        batch = DistributionSummary.builder("quarry.journal.batch").baseUnit("shares").description("shares per durable journal batch")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(100_000.0)
                .register(registry);
    }

    /** Registers the meters and becomes the journal's batch listener. */
    public static JournalMetrics bind(MeterRegistry registry, ShareJournal journal) {
        JournalMetrics m = new JournalMetrics(registry);
        Gauge.builder("quarry.journal.queued", journal, j -> j.stats().queued()).baseUnit("shares").strongReference(true)
                .description("shares waiting for the durable write and (journal.mode=log) for the database").register(registry);
        journal.setBatchListener(m);
        return m;
    }

    @Override
    public void batchDurable(int shares, long durableNanos) {
        batch.record(shares);
        commit.record(durableNanos, TimeUnit.NANOSECONDS);
    }
}
