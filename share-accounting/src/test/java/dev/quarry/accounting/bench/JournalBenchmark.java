package dev.quarry.accounting.bench;

import dev.quarry.accounting.journal.AcceptedShare;
import dev.quarry.accounting.journal.JournalConfig;
import dev.quarry.accounting.journal.LoggedShareJournal;
import dev.quarry.accounting.journal.ShareJournal;
import dev.quarry.accounting.journal.SqlShareJournal;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Shares;
import dev.quarry.accounting.testing.TestDb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded benchmark of the durable share journal (run with {@code share-accounting/bench-journal.sh}).
 *
 * <p>Two measurements per database, each repeated on a fresh database:
 * <ul>
 * <li><b>throughput</b>: producers append as fast as the journal acknowledges (at most
 *     {@value #IN_FLIGHT} shares un-acknowledged, as many miners waiting for their answers
 *     would be); durable shares/s = shares / (last acknowledgement − first append).</li>
 * <li><b>latency at a fixed rate</b>: shares offered open-loop at {@code rate}/s (default 50,000);
 *     added latency = acknowledgement − append per share; p50, p99, max.</li>
 * </ul>
 * Shares are pre-built so that the figures measure the journal, not share construction.
 *
 * <p>Each for both journals: {@code LOG} (the pool's default, {@link LoggedShareJournal}: acknowledged
 * on the fsync of its log, stored in the database behind it; "stored/s" is shares / time until the
 * last one is in the database) and {@code DIRECT} ({@link SqlShareJournal}: acknowledged on the
 * database commit).
 *
 * <p>Arguments: {@code [SQLITE|POSTGRESQL|BOTH] [shares=300000] [repetitions=5] [rate=50000] [LOG|DIRECT|BOTH]}.
 */
public final class JournalBenchmark {

    static final int IN_FLIGHT = 16_384;
    static final int PRODUCERS = 2;

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : "BOTH";
        int shares = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 50_000;
        String modes = args.length > 4 ? args[4].toUpperCase(Locale.ROOT) : "BOTH";
        List<Boolean> logModes = modes.equals("BOTH") ? List.of(true, false) : List.of(modes.equals("LOG"));
        List<Dialect> dialects = which.equals("BOTH") ? List.of(Dialect.SQLITE, Dialect.POSTGRESQL) : List.of(Dialect.valueOf(which));
        AcceptedShare[] pool = new AcceptedShare[shares];
        for (int i = 0; i < shares; i++) pool[i] = Shares.share(i, "c" + (i % 50), 65_536.0, 0x1701e636, 900_000, 1_764_000_000_000L + i);

        for (Dialect dialect : dialects) for (boolean logMode : logModes) {
            Mode d = new Mode(dialect, logMode);
            run(d, "warm-up", pool, Math.min(shares, 100_000), 0);
            double[] tput = new double[reps];
            double[] storedTput = new double[reps];
            double[][] lat = new double[reps][];
            for (int r = 0; r < reps; r++) {
                double[] x = run(d, "throughput", pool, shares, 0);
                tput[r] = x[0];
                storedTput[r] = x[4];
                lat[r] = run(d, "latency@" + rate, pool, Math.min(shares, rate * 4), rate);
            }
            Arrays.sort(tput);
            Arrays.sort(storedTput);
            System.out.printf(Locale.ROOT, "%s throughput: acknowledged median %.0f shares/s, min %.0f, max %.0f; stored in the database median %.0f/s, min %.0f, max %.0f (%d runs of %d shares)%n",
                    d, tput[reps / 2], tput[0], tput[reps - 1], storedTput[reps / 2], storedTput[0], storedTput[reps - 1], reps, shares);
            double[] p99 = Arrays.stream(lat).mapToDouble(x -> x[2]).sorted().toArray();
            double[] p50 = Arrays.stream(lat).mapToDouble(x -> x[1]).sorted().toArray();
            double[] achieved = Arrays.stream(lat).mapToDouble(x -> x[0]).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s at %d shares/s offered: achieved median %.0f/s; p50 median %.2f ms; p99 median %.2f ms, min %.2f, max %.2f%n",
                    d, rate, achieved[reps / 2], p50[reps / 2], p99[reps / 2], p99[0], p99[reps - 1]);
        }
    }

    record Mode(Dialect dialect, boolean log) {
        @Override
        public String toString() {
            return dialect + (log ? "/log" : "/direct");
        }
    }

    /** Returns {acknowledged shares/s, p50 ms, p99 ms, max ms, stored shares/s}. */
    static double[] run(Mode mode, String label, AcceptedShare[] pool, int n, int rate) throws Exception {
        Dialect dialect = mode.dialect();
        java.nio.file.Path logDir = java.nio.file.Files.createTempDirectory("quarry-bench-log");
        try (TestDb t = TestDb.create(dialect)) {
            ShareJournal journal = JournalConfig.DEFAULT.withEnqueueWait(Duration.ofSeconds(30))
                    .withLogDirectory(mode.log() ? logDir : null).open(t.open());
            long[] latency = new long[n];
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            CountDownLatch done = new CountDownLatch(n);
            AtomicLong failures = new AtomicLong();
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(120);
            List<Thread> producers = new ArrayList<>();
            int producerCount = rate > 0 ? 1 : PRODUCERS;
            for (int p = 0; p < producerCount; p++) {
                Thread th = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        int i = (int) next.getAndIncrement();
                        if (i >= n) return;
                        if (rate > 0) {
                            long due = start + (long) i * 1_000_000_000L / rate;
                            // sleep, not spin: a spinning producer would take a core from the writer on a small machine
                            long wait = due - System.nanoTime();
                            if (wait > 200_000) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        } else {
                            inFlight.acquireUninterruptibly();
                        }
                        long t0 = System.nanoTime();
                        journal.append(pool[i]).whenComplete((v, e) -> {
                            latency[i] = System.nanoTime() - t0;
                            if (e != null) failures.incrementAndGet();
                            if (rate == 0) inFlight.release();
                            done.countDown();
                        });
                    }
                }, "producer-" + p);
                th.start();
                producers.add(th);
            }
            if (!done.await(150, TimeUnit.SECONDS)) throw new IllegalStateException(label + ": not all shares acknowledged in time");
            long elapsed = System.nanoTime() - start;
            for (Thread th : producers) th.join();
            if (!journal.awaitStored(Duration.ofSeconds(120))) throw new IllegalStateException(label + ": not all shares stored in time");
            long storedElapsed = System.nanoTime() - start;
            journal.close();
            if (failures.get() > 0) throw new IllegalStateException(label + ": " + failures.get() + " shares failed");
            long[] sorted = latency.clone();
            Arrays.sort(sorted);
            double perSec = n / (elapsed / 1e9);
            double p50 = sorted[n / 2] / 1e6, p99 = sorted[(int) (n * 0.99)] / 1e6, max = sorted[n - 1] / 1e6;
            System.out.printf(Locale.ROOT, "  %-17s %-14s %8d shares %8.0f acked/s %8.0f stored/s  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  batches %d (insert %d ms, durable %d ms)%n",
                    mode, label, n, perSec, n / (storedElapsed / 1e9), p50, p99, max, journal.stats().batches(), journal.stats().insertMillis(), journal.stats().commitMillis());
            return new double[]{perSec, p50, p99, max, n / (storedElapsed / 1e9)};
        }
    }
}
