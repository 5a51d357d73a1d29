package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Shares;
import dev.quarry.accounting.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch listener the pool's journal metrics hang on: both journals (direct and log) report every
 * durable batch with its size and time, and a listener that throws does not fail a batch.
 */
class JournalBatchListenerTest {

    @TempDir
    Path temp;

    record Batch(int shares, long durableNanos) {
    }

    private ShareJournal open(Database db, boolean logMode) {
        return JournalConfig.DEFAULT.withLogDirectory(logMode ? temp.resolve("journal") : null).open(db);
    }

    @ParameterizedTest(name = "{0}, log={1}")
    @CsvSource({"SQLITE,false", "SQLITE,true", "POSTGRESQL,false", "POSTGRESQL,true"})
    void everyDurableBatchIsReportedWithItsSizeAndTime(Dialect dialect, boolean logMode) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            Database db = t.open();
            List<Batch> seen = new CopyOnWriteArrayList<>();
            ShareJournal journal = open(db, logMode);
            try {
                journal.setBatchListener((shares, nanos) -> seen.add(new Batch(shares, nanos)));
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) acks.add(journal.append(Shares.share(i)));
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                assertEquals(journal.stats().batches(), seen.size(), "one report per durable batch");
            } finally {
                journal.close();
            }
            assertEquals(1_000, seen.stream().mapToInt(Batch::shares).sum(), "batch sizes add up to the shares acknowledged");
            assertTrue(seen.stream().allMatch(b -> b.shares() >= 1 && b.durableNanos() > 0), seen.toString());
        }
    }

    @ParameterizedTest(name = "log={0}")
    @CsvSource({"false", "true"})
    void aFailingListenerDoesNotFailTheBatch(boolean logMode) throws Exception {
        try (TestDb t = TestDb.create(Dialect.SQLITE)) {
            Database db = t.open();
            ShareJournal journal = open(db, logMode);
            try {
                journal.setBatchListener((shares, nanos) -> {
                    throw new IllegalStateException("observer broke");
                });
                journal.append(Shares.share(1)).get(30, TimeUnit.SECONDS);
                journal.append(Shares.share(2)).get(30, TimeUnit.SECONDS);
                assertTrue(journal.awaitStored(java.time.Duration.ofSeconds(30)));
                assertEquals(2, journal.stats().stored());
                assertEquals(0, journal.stats().failed());
            } finally {
                journal.close();
            }
        }
    }
}
