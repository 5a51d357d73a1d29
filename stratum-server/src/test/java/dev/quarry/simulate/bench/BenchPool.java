package dev.quarry.simulate.bench;

import dev.quarry.accounting.journal.ShareJournal;
import dev.quarry.accounting.journal.SqlShareJournal;
import dev.quarry.accounting.store.Database;
import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.job.CoinbaseBuilder;
import dev.quarry.stratum.job.CoinbaseConfig;
import dev.quarry.stratum.job.JobBuilder;
import dev.quarry.stratum.job.JobManager;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.server.StratumServer;
import dev.quarry.stratum.server.StratumServerConfig;
import dev.quarry.stratum.session.WorkerAuthorizer;
import dev.quarry.stratum.template.sim.SimChain;
import dev.quarry.stratum.template.sim.SimChainConfig;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of the fleet benchmarks until {@code quarry} itself starts the Stratum server:
 * the real {@link StratumServer} on one port at a static difficulty, real jobs from a mainnet-like
 * {@link SimChain} through the {@link JobManager} (so shares are never blocks), and the SQLite
 * pool's journal ({@code --journal sqlite}: log + SQLite, durable acknowledgements), the direct
 * {@link SqlShareJournal} ({@code sqlite-direct}) or, for comparison, no journal at all.
 * Nothing here bypasses share validation.
 *
 * <p>Commands on stdin, one per line (the bench scripts feed them through a FIFO):
 * {@code block} — someone else finds a block: new prevhash, clean job to every miner; prints
 * {@code BLOCK epochMicros=...}. {@code stats} — full GC, then prints connections, heap used and
 * RSS. {@code count} — accepted shares so far. {@code quit}.
 */
public final class BenchPool {

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int port = Integer.parseInt(o.getOrDefault("port", "3333"));
        double difficulty = Double.parseDouble(o.getOrDefault("difficulty", Double.toString(Math.pow(2, -32))));
        String journalKind = o.getOrDefault("journal", "sqlite");
        int ioThreads = Integer.parseInt(o.getOrDefault("io-threads", "2"));
        Path dataDir = Path.of(o.getOrDefault("data-dir", "target/bench-pool-data"));

        SimChain chain = new SimChain(SimChainConfig.mainnetLike().withBlockInterval(Duration.ZERO)
                .withTxsPerTemplate(Integer.parseInt(o.getOrDefault("txs", "2000"))).withSeed(1));
        JobManager jobs = new JobManager(new JobBuilder(new CoinbaseBuilder(
                CoinbaseConfig.of(Hex.decode("0014e6f22ca44dc800e9d049621a3b9a42c509f1c4bc")))));
        chain.start(jobs);

        ShareJournal journal;
        Database db = null;
        if (journalKind.equals("sqlite") || journalKind.equals("sqlite-direct")) {
            // sqlite = the pool's default journal (log + SQLite behind it); sqlite-direct = acknowledge on the SQLite commit
            if (Files.exists(dataDir)) deleteTree(dataDir);
            db = Database.sqlite(dataDir);
            journal = dev.quarry.accounting.journal.JournalConfig.DEFAULT
                    .withLogDirectory(journalKind.equals("sqlite") ? dataDir.resolve("journal") : null).open(db);
        } else if (journalKind.equals("none")) {
            journal = new ShareJournal() { // acknowledges at once: the cost of the journal is then visible by difference
                @Override
                public java.util.concurrent.CompletableFuture<Void> append(dev.quarry.accounting.journal.AcceptedShare share) {
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                }

                @Override
                public void close() {
                }
            };
        } else {
            throw new IllegalArgumentException("--journal sqlite|sqlite-direct|none");
        }

        AtomicLong appended = new AtomicLong();
        ShareJournal inner = journal;
        journal = new ShareJournal() { // counts accepted shares for the scripts' measurement windows
            @Override
            public java.util.concurrent.CompletableFuture<Void> append(dev.quarry.accounting.journal.AcceptedShare share) {
                appended.incrementAndGet();
                return inner.append(share);
            }

            @Override
            public void append(dev.quarry.accounting.journal.AcceptedShare share, dev.quarry.accounting.journal.Acknowledgement ack) {
                appended.incrementAndGet();
                inner.append(share, ack);
            }

            @Override
            public void close() {
                inner.close();
            }

            @Override
            public dev.quarry.accounting.journal.JournalStats stats() {
                return inner.stats();
            }
        };

        AbuseConfig abuse = AbuseConfig.defaults().withConnectionLimits(1_000_000, 1_000_000, Duration.ofSeconds(1))
                .withIdleTimeout(Duration.ofHours(1));
        PortConfig p = PortConfig.plain("bench", List.of("127.0.0.1"), port, DifficultyPolicy.fixed(difficulty), 4);
        StratumServerConfig cfg = StratumServerConfig.of(List.of(p)).withAbuse(abuse).withIoThreads(ioThreads);
        WorkerAuthorizer anyone = (worker, password) -> WorkerAuthorizer.Decision.allow();
        StratumServer server = new StratumServer(cfg, jobs, journal, candidate -> System.out.println("BLOCK-FOUND (unexpected)"),
                anyone, new SimpleMeterRegistry());
        server.start();
        System.out.println("READY port=" + server.boundPort("bench") + " pid=" + ProcessHandle.current().pid()
                + " transport=" + server.transportName() + " journal=" + journalKind + " difficulty=" + difficulty);
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "block" -> {
                    long t = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
                    chain.mineElsewhere();
                    System.out.println("BLOCK epochMicros=" + t + " height=" + chain.height());
                }
                case "stats" -> {
                    System.gc();
                    Thread.sleep(200);
                    System.gc();
                    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                    System.out.println("STATS connections=" + server.metrics().openConnections() + " ready=" + server.readySessionCount()
                            + " heapUsed=" + heap.getUsed() + " rssKiB=" + rssKiB());
                }
                case "count" -> System.out.println("COUNT accepted=" + appended.get() + " nanos=" + System.nanoTime()
                        + " journalBatches=" + inner.stats().batches() + " journalSyncMillis=" + inner.stats().commitMillis());
                case "validation" -> {
                    var v = server.shareValidation();
                    String journalStats = journal instanceof SqlShareJournal sql ? " journal=" + sql.stats() : "";
                    System.out.println("VALIDATION engine=" + v.engine() + " batches=" + v.batches() + " inBatches=" + v.sharesInBatches()
                            + " singles=" + v.singleValidations() + " largest=" + v.largestBatch() + journalStats);
                }
                case "quit" -> {
                    server.close();
                    journal.close();
                    chain.close();
                    if (db != null) db.close();
                    System.out.println("BYE");
                    System.exit(0);
                }
                case "" -> { }
                default -> System.out.println("? block|stats|count|validation|quit");
            }
            System.out.flush();
        }
    }

    static long rssKiB() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("usage: --name value ...");
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
