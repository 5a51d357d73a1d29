package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Shares;
import dev.quarry.accounting.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch listener (metrics hook) sees every committed batch with its size and timings. */
class JournalBatchListenerTest {

    record Batch(int size, long insertNanos, long commitNanos) {
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyCommittedBatchIsReportedWithItsSizeAndTimes(Dialect dialect) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            Database db = t.open();
            List<Batch> seen = new CopyOnWriteArrayList<>();
            try (SqlShareJournal journal = new SqlShareJournal(db)) {
                journal.setBatchListener((size, insert, commit) -> seen.add(new Batch(size, insert, commit)));
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) acks.add(journal.append(Shares.share(i)));
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                journal.close(); // the writer has reported every batch once it stopped
                assertEquals(journal.stats().batches(), seen.size(), "one report per committed batch");
            }
            assertEquals(1_000, seen.stream().mapToInt(Batch::size).sum(), "batch sizes add up to the shares written");
            assertTrue(seen.stream().allMatch(b -> b.size() >= 1 && b.insertNanos() > 0 && b.commitNanos() > 0), seen.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFailingListenerDoesNotFailTheBatch(Dialect dialect) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            Database db = t.open();
            try (SqlShareJournal journal = new SqlShareJournal(db)) {
                journal.setBatchListener((size, insert, commit) -> {
                    throw new IllegalStateException("observer broke");
                });
                journal.append(Shares.share(1)).get(30, TimeUnit.SECONDS);
                journal.append(Shares.share(2)).get(30, TimeUnit.SECONDS);
                assertEquals(2, journal.stats().stored());
                assertEquals(0, journal.stats().failed());
            }
        }
    }
}
