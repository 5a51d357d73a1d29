package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Shares;
import dev.quarry.accounting.testing.TestDb;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Child-JVM main for {@link JournalCrashTest}: opens the real journal and offers shares as fast as
 * it accepts them, printing "ACK &lt;hash hex&gt;" for a share only after its future completed
 * (i.e. after the journal declared it durable). The parent kills this process with SIGKILL at
 * random moments. Each run offers new shares only: a miner's resubmission is refused by the
 * Stratum server before the journal, and what this test checks is the journal's own replay of its
 * log at the next start (the log always holds shares the database already has).
 *
 * <p>Arguments: {@code SQLITE <dataDir> <run> [logDir]} or {@code POSTGRESQL <schema> <run> [logDir]};
 * with {@code logDir} the journal is the {@link LoggedShareJournal} (the pool's default), without
 * it the direct {@link SqlShareJournal}. Bounded:
 * stops by itself after 2,000,000 shares or 60 s.
 */
public final class JournalCrashDriver {

    static final long RUN_STRIDE = 10_000_000L;

    public static void main(String[] args) throws Exception {
        Dialect dialect = Dialect.valueOf(args[0]);
        int run = Integer.parseInt(args[2]);
        Database db = dialect == Dialect.SQLITE
                ? Database.sqlite(Path.of(args[1]))
                : Database.postgresql(TestDb.PG_URL, TestDb.PG_USER, TestDb.PG_PASSWORD, args[1]);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        Thread printer = new Thread(() -> {
            while (true) {
                String h;
                boolean any = false;
                while ((h = acked.poll()) != null) {
                    out.print("ACK ");
                    out.println(h);
                    any = true;
                }
                if (any) out.flush();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ack-printer");
        printer.setDaemon(true);
        printer.start();
        out.println("READY");
        out.flush();

        HexFormat hex = HexFormat.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JournalConfig config = JournalConfig.DEFAULT.withEnqueueWait(Duration.ofSeconds(10))
                .withLogDirectory(args.length > 3 && !args[3].isEmpty() ? Path.of(args[3]) : null);
        ShareJournal journal = config.open(db);
        long base = run * RUN_STRIDE;
        for (long i = 0; i < 2_000_000 && System.nanoTime() < deadline; i++) {
            long n = base + i;
            var share = Shares.share(n, "c" + (n % 5), 1024.0 + (n % 3), 0x1701e636, 900_000, System.currentTimeMillis());
            String h = hex.formatHex(share.headerHash());
            journal.append(share).thenRun(() -> acked.add(h));
        }
        journal.close();
        Thread.sleep(100);
        out.println("DONE");
        out.flush();
        db.close();
    }
}
