package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Shares;
import dev.quarry.accounting.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The future-free append: every share's acknowledgement is told exactly once, and only after its batch is durable. */
class AcknowledgementTest {

    @TempDir
    Path temp;

    /** Counts what it is told; optionally throws from durable() to stand for a broken caller. */
    private static final class Recorder implements Acknowledgement {
        final AtomicInteger durable = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final ConcurrentLinkedQueue<Throwable> causes = new ConcurrentLinkedQueue<>();
        volatile Thread toldOn;
        final CountDownLatch told = new CountDownLatch(1);
        final boolean throwing;

        Recorder(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public void durable() {
            toldOn = Thread.currentThread();
            durable.incrementAndGet();
            told.countDown();
            if (throwing) throw new IllegalStateException("a caller's bug");
        }

        @Override
        public void failed(Throwable cause) {
            toldOn = Thread.currentThread();
            causes.add(cause);
            failed.incrementAndGet();
            told.countDown();
        }
    }

    @Test
    void everyShareIsAcknowledgedOnceFromTheWriterAndStoredEvenWhenSomeAcknowledgementsThrow() throws Exception {
        try (TestDb t = TestDb.create(Dialect.SQLITE)) {
            Database db = t.open();
            int n = 2_000;
            Recorder[] acks = new Recorder[n];
            try (LoggedShareJournal journal = new LoggedShareJournal(db, temp.resolve("journal"), JournalConfig.DEFAULT)) {
                Thread[] producers = new Thread[2];
                for (int p = 0; p < producers.length; p++) {
                    int first = p;
                    producers[p] = new Thread(() -> {
                        for (int i = first; i < n; i += 2) {
                            acks[i] = new Recorder(i % 97 == 0); // every 97th caller throws
                            journal.append(Shares.share(i), acks[i]);
                        }
                    });
                    producers[p].start();
                }
                for (Thread p : producers) p.join();
                for (Recorder r : acks) assertTrue(r.told.await(60, TimeUnit.SECONDS));
                assertTrue(journal.awaitStored(Duration.ofSeconds(60)));
                assertEquals(n, SqlShareJournalTest.count(db), "each acknowledged share stored, throwing callers' too");
            }
            for (Recorder r : acks) {
                assertEquals(1, r.durable.get());
                assertEquals(0, r.failed.get());
                assertEquals("quarry-share-journal", r.toldOn.getName(), "told by the writer, after its sync");
            }
        }
    }

    @Test
    void aClosedJournalRefusesAtOnceOnTheCallersThread() throws Exception {
        try (TestDb t = TestDb.create(Dialect.SQLITE)) {
            LoggedShareJournal journal = new LoggedShareJournal(t.open(), temp.resolve("journal"), JournalConfig.DEFAULT);
            journal.close();
            Recorder r = new Recorder(false);
            journal.append(Shares.share(1), r);
            assertEquals(1, r.failed.get());
            assertEquals(0, r.durable.get());
            assertEquals(Thread.currentThread(), r.toldOn);
            assertInstanceOf(JournalClosedException.class, r.causes.peek());
        }
    }

    @Test
    void aBatchFailedByTheWriterAndAgainByItsLoopIsToldOnce() throws Exception {
        GroupCommitQueue queue = new GroupCommitQueue(JournalConfig.DEFAULT, 0);
        List<Recorder> acks = List.of(new Recorder(false), new Recorder(false), new Recorder(false));
        for (int i = 0; i < acks.size(); i++) queue.offer(Shares.share(i), acks.get(i));
        IOException diskFailure = new IOException("fdatasync failed");
        Thread writer = new Thread(() -> queue.drain(batch -> {
            for (GroupCommitQueue.Pending p : batch) p.fail(diskFailure); // what LoggedShareJournal does on a failed sync
            throw diskFailure;                                             // and the drain loop fails the batch again
        }));
        writer.start();
        writer.join(30_000);
        for (Recorder r : acks) {
            assertEquals(1, r.failed.get(), "told once");
            assertEquals(0, r.durable.get());
            assertEquals(diskFailure, r.causes.peek());
            assertNotEquals(Thread.currentThread(), r.toldOn);
        }
        Recorder late = new Recorder(false);
        queue.offer(Shares.share(9), late);
        assertEquals(1, late.failed.get(), "a dead writer's queue refuses new shares");
    }
}
