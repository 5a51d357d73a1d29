package dev.quarry.ops;

import dev.quarry.accounting.ledger.Ledger;
import dev.quarry.accounting.model.Contract;
import dev.quarry.accounting.model.ContractKind;
import dev.quarry.accounting.model.ContractStatus;
import dev.quarry.accounting.model.ContractStore;
import dev.quarry.accounting.model.Hashrate;
import dev.quarry.accounting.model.Holder;
import dev.quarry.accounting.pricing.PayoutScheme;
import dev.quarry.accounting.pricing.SubsidySchedule;
import dev.quarry.accounting.settlement.SettlementConfig;
import dev.quarry.accounting.settlement.SettlementService;
import dev.quarry.accounting.store.Database;
import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.Network;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety of share accounting with a real process (issue 5): Quarry runs as a child JVM on the
 * embedded SimChain (network difficulty 1e14, so no share is a block) with its static port at
 * difficulty 2^-32 (every hash is a share). {@value #MINERS} miners ({@link RecordingMiner}: the
 * simulator's Stratum session over loopback) submit as fast as the server answers and record the header
 * hash — the journal's unique id — of every share acknowledged {@code true}. After a random 0.5–3 s of
 * load the child gets SIGKILL; it is restarted on the same database, {@value #KILLS} times. Then:
 * <ul>
 * <li>every acknowledged share is stored exactly once (no hash and no seq twice);</li>
 * <li>acknowledged shares replayed to the restarted server are not stored again;</li>
 * <li>settlement — run against the database between the kills and at the end, so the shares are
 *     credited by several settlements — credits every stored share exactly once: the settlements'
 *     seq ranges are contiguous and disjoint, each settlement's credit bases count exactly the
 *     shares in its range, and the exact Σ difficulty of the bases equals that of the stored shares.</li>
 * </ul>
 * On SQLite (the data directory) and on PostgreSQL (a freshly created database, dropped afterwards).
 * The seed of the kill moments and nonces is printed; {@code -Dquarry.crash.seed=N} replays it.
 */
@Tag("slow")
class CrashSafetyTest {

    private static final int KILLS = 3;
    private static final int MINERS = 4;
    /** Unanswered submits per connection: far below the server's 1,024, enough to keep the journal's batches full. */
    private static final int WINDOW = 128;
    private static final int MIN_ACKS_BEFORE_KILL = 200;
    private static final int REPLAYED = 12;
    private static final String CONTRACT = "crash";
    private static final String HOLDER = "crash-holder";
    private static final String SHARE_DIFFICULTY = Double.toString(Math.pow(2, -32));

    enum Store { SQLITE, POSTGRESQL }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Store.class)
    @Timeout(value = 110, unit = TimeUnit.SECONDS)
    void everyAcknowledgedShareSurvivesSigkillAndIsCreditedExactlyOnce(Store store) throws Exception {
        long seed = Long.getLong("quarry.crash.seed", System.nanoTime());
        System.err.printf("CrashSafetyTest %s: seed %d (replay with -Dquarry.crash.seed=%d)%n", store, seed, seed);
        Random random = new Random(seed);
        long started = System.nanoTime();
        Path dataDir = dir.resolve("data");
        try (TargetDb db = store == Store.SQLITE ? TargetDb.sqlite(dataDir) : TargetDb.postgresql()) {
            db.createHolderAndContract();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<RecordingMiner.Submitted> replayable = new ArrayList<>();
            Instant settleAt = Instant.now();

            for (int run = 0; run < KILLS; run++) {
                int port = ChildQuarry.freePort();
                try (ChildQuarry q = db.start(dataDir, port)) {
                    q.awaitReady(Duration.ofSeconds(60));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    List<RecordingMiner> miners = new ArrayList<>();
                    for (int i = 0; i < MINERS; i++) {
                        miners.add(RecordingMiner.mining(port, CONTRACT + ".rig" + i, seed * 31 + run * MINERS + i, WINDOW,
                                acknowledged, deadline));
                    }
                    awaitAcknowledgements(miners, MIN_ACKS_BEFORE_KILL, q);
                    long loadMillis = 500 + random.nextInt(2_501);
                    Thread.sleep(loadMillis);
                    assertTrue(q.process.isAlive(), "quarry still running when killed:\n" + q.output());

                    q.process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no journal flush
                    assertTrue(q.process.waitFor(30, TimeUnit.SECONDS), "killed quarry exited");
                    assertEquals(128 + 9, q.process.exitValue(), "quarry died of SIGKILL");
                    RecordingMiner.awaitAll(miners, 15_000);
                    long acked = 0;
                    long submitted = 0;
                    Map<String, Integer> rejected = new TreeMap<>();
                    for (RecordingMiner m : miners) {
                        assertTrue(m.endedBy() != null, "miner connection ended after the kill");
                        acked += m.ackedHere.get();
                        submitted += m.submitted.get();
                        m.rejected.forEach((k, v) -> rejected.merge(k, v, Integer::sum));
                        synchronized (m.sample) {
                            replayable.addAll(m.sample.subList(0, Math.min(2, m.sample.size())));
                        }
                    }
                    System.err.printf("CrashSafetyTest %s: run %d: SIGKILL after %d ms of load; %d submitted, %d acknowledged,"
                            + " rejected %s, connections ended by %s%n", store, run, loadMillis, submitted, acked, rejected,
                            miners.get(0).endedBy());
                }
                // The server is dead: settle what is stored so far, so later shares land in later settlements.
                settleAt = settleAt.plus(Duration.ofDays(2));
                db.settle(settleAt);
            }

            // Restart once more: replay acknowledged shares, mine briefly, stop gracefully.
            db.release();
            List<RecordingMiner.Submitted> replays = replayable.subList(0, Math.min(REPLAYED, replayable.size()));
            Set<String> lastRunAcks = ConcurrentHashMap.newKeySet();
            Map<String, String> replayVerdicts;
            int port = ChildQuarry.freePort();
            long storedBeforeLastRun;
            try (ChildQuarry q = db.start(dataDir, port)) {
                q.awaitReady(Duration.ofSeconds(60));
                // Counted once the pool is up: starting replayed the journal's log (shares
                // acknowledged, or logged, just before the last kill) into the database.
                storedBeforeLastRun = db.countWhileRunning("SELECT COUNT(*) FROM accepted_share");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                RecordingMiner replayer = RecordingMiner.replaying(port, CONTRACT + ".replay", seed, replays, deadline);
                assertTrue(replayer.await(30_000), "replaying miner finished");
                assertEquals("drained", replayer.endedBy(), "every replayed share was answered:\n" + q.output());
                replayVerdicts = replayer.replayVerdicts;
                List<RecordingMiner> miners = new ArrayList<>();
                for (int i = 0; i < MINERS; i++) {
                    miners.add(RecordingMiner.mining(port, CONTRACT + ".rig" + i, seed * 37 + i, WINDOW, lastRunAcks, deadline));
                }
                awaitAcknowledgements(miners, MIN_ACKS_BEFORE_KILL, q);
                Thread.sleep(500);
                miners.forEach(RecordingMiner::stopSubmitting);
                RecordingMiner.awaitAll(miners, 15_000);
                for (RecordingMiner m : miners) assertEquals("drained", m.endedBy(), "every submit answered before the stop");
                q.process.destroy(); // SIGTERM: graceful
                assertTrue(q.awaitExit(Duration.ofSeconds(30)), "quarry stopped on SIGTERM:\n" + q.output());
                assertEquals(0, q.process.exitValue(), q.output());
            }
            acknowledged.addAll(lastRunAcks);
            settleAt = settleAt.plus(Duration.ofDays(2));
            db.settle(settleAt);

            // 1. Every acknowledged share is stored, exactly once.
            Map<String, Long> seqByHash = new HashMap<>();
            Set<Long> seqs = new HashSet<>();
            BigDecimal storedDifficulty = BigDecimal.ZERO;
            long rows = 0;
            try (Connection c = db.database().connection();
                 PreparedStatement ps = c.prepareStatement("SELECT header_hash, seq, difficulty FROM accepted_share");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    seqByHash.put(rs.getString(1), rs.getLong(2));
                    seqs.add(rs.getLong(2));
                    storedDifficulty = storedDifficulty.add(new BigDecimal(rs.getDouble(3)));
                }
            }
            assertEquals(rows, seqByHash.size(), "no share stored twice");
            assertEquals(rows, seqs.size(), "no seq given twice");
            List<String> missing = acknowledged.stream().filter(h -> !seqByHash.containsKey(h)).sorted().toList();
            assertEquals(List.of(), missing.subList(0, Math.min(5, missing.size())),
                    missing.size() + " of " + acknowledged.size() + " acknowledged shares are missing after SIGKILL");
            assertTrue(acknowledged.size() >= (KILLS + 1) * MIN_ACKS_BEFORE_KILL, "enough load: " + acknowledged.size());

            // 2. Replayed acknowledged shares were refused and nothing was stored for them.
            assertEquals(replays.size(), replayVerdicts.size());
            assertTrue(replays.size() >= KILLS, "shares to replay from every run: " + replays.size());
            for (RecordingMiner.Submitted r : replays) {
                assertNotEquals("accepted", replayVerdicts.get(r.hash()), "a replayed share was accepted again");
                assertTrue(seqByHash.containsKey(r.hash()), "the replayed share is still stored once");
            }
            assertEquals(storedBeforeLastRun + lastRunAcks.size(), rows,
                    "the last run stored exactly its own acknowledged shares and nothing for the replays");

            // 3. Credited exactly once: contiguous, disjoint settlement ranges whose bases count their shares.
            List<long[]> settlements = db.rows("SELECT id, seq_from, seq_to FROM settlement ORDER BY id", 3);
            assertTrue(settlements.size() >= KILLS + 1, "a settlement after every kill: " + settlements.size());
            long expectFrom = 0;
            long credited = 0;
            for (long[] s : settlements) {
                assertEquals(expectFrom, s[1], "settlement " + s[0] + " starts where the previous one ended");
                expectFrom = s[2];
                long inRange = db.count("SELECT COUNT(*) FROM accepted_share WHERE seq > " + s[1] + " AND seq <= " + s[2]);
                long basis = db.count("SELECT COALESCE(SUM(share_count), 0) FROM credit_basis WHERE settlement_id = " + s[0]);
                assertEquals(inRange, basis, "settlement " + s[0] + " credits exactly the shares of its seq range");
                credited += basis;
            }
            assertEquals(rows, credited, "every stored share credited exactly once");
            assertEquals(0, db.count("SELECT COUNT(*) FROM credit_basis WHERE contract_id <> '" + CONTRACT + "'"),
                    "all credits went to the miners' contract");
            BigDecimal basisDifficulty = BigDecimal.ZERO;
            for (String sum : db.strings("SELECT difficulty_sum FROM credit_basis")) basisDifficulty = basisDifficulty.add(new BigDecimal(sum));
            assertEquals(0, storedDifficulty.compareTo(basisDifficulty),
                    "exact Σ difficulty credited " + basisDifficulty + " = stored " + storedDifficulty);

            System.err.printf(Locale.ROOT, "CrashSafetyTest %s: %d kills, %d acknowledged, %d stored (%d stored but never acknowledged),"
                            + " %d settlements, replays answered %s; %.1f s%n", store, KILLS, acknowledged.size(), rows,
                    rows - acknowledged.size(), settlements.size(), new TreeMap<>(countValues(replayVerdicts)),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static Map<String, Integer> countValues(Map<String, String> m) {
        Map<String, Integer> out = new HashMap<>();
        m.values().forEach(v -> out.merge(v, 1, Integer::sum));
        return out;
    }

    /** Waits (at most 30 s) until the miners together got {@code n} acknowledgements. */
    private static void awaitAcknowledgements(List<RecordingMiner> miners, int n, ChildQuarry q) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            long acked = miners.stream().mapToLong(m -> m.ackedHere.get()).sum();
            if (acked >= n) return;
            for (RecordingMiner m : miners) {
                if (m.endedBy() != null) throw new AssertionError("a miner stopped early: " + m.endedBy() + "\n" + q.output());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + n + " acknowledgements within 30 s\n" + q.output());
    }

    /** The database the child uses: SQLite in its data directory, or a PostgreSQL database created for this test. */
    private static final class TargetDb implements AutoCloseable {
        static final String PG_URL = env("QUARRY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/quarry_test");
        static final String PG_USER = env("QUARRY_TEST_PG_USER", "quarry");
        static final String PG_PASSWORD = env("QUARRY_TEST_PG_PASSWORD", "quarry");

        private final Path dataDir;
        private final String pgDatabase;
        private final String pgUrl;
        private Database database;

        private TargetDb(Path dataDir, String pgDatabase, String pgUrl) {
            this.dataDir = dataDir;
            this.pgDatabase = pgDatabase;
            this.pgUrl = pgUrl;
        }

        static TargetDb sqlite(Path dataDir) {
            return new TargetDb(dataDir, null, null);
        }

        /** Creates a uniquely named database next to the test database (the role has CREATEDB, see .ci/start-postgres). */
        static TargetDb postgresql() throws SQLException {
            String name = "quarry_crash_" + Long.toHexString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE);
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            int q = PG_URL.indexOf('?');
            String base = q < 0 ? PG_URL : PG_URL.substring(0, q);
            String url = base.substring(0, base.lastIndexOf('/') + 1) + name + (q < 0 ? "" : PG_URL.substring(q));
            return new TargetDb(null, name, url);
        }

        ChildQuarry start(Path childDataDir, int staticPort) throws java.io.IOException {
            Map<String, String> env = new HashMap<>();
            env.put("QUARRY_STRATUM_STATIC_PORT", Integer.toString(staticPort));
            env.put("QUARRY_STRATUM_STATIC_DIFFICULTY", SHARE_DIFFICULTY);
            env.put("QUARRY_SIM_DIFFICULTY", "1e14"); // mainnet-like: a share is never a block
            List<String> args = new ArrayList<>(List.of("--stratum-port", "0"));
            if (pgDatabase != null) {
                env.put("QUARRY_DB_USER", PG_USER);
                env.put("QUARRY_DB_PASSWORD", PG_PASSWORD);
                args.addAll(List.of("--db-url", pgUrl));
            }
            return ChildQuarry.start(childDataDir, ChildQuarry.freePort(), env, args.toArray(String[]::new));
        }

        /** Opened only while no child runs: the test's own pool must not hold SQLite's write lock against it. */
        Database database() {
            if (database == null) {
                database = pgDatabase == null ? Database.sqlite(dataDir) : Database.postgresql(pgUrl, PG_USER, PG_PASSWORD, null);
            }
            return database;
        }

        void release() {
            if (database != null) database.close();
            database = null;
        }

        void createHolderAndContract() {
            ContractStore contracts = new ContractStore(database(), Clock.systemUTC());
            byte[] p2wpkh = new byte[22];
            p2wpkh[1] = 20;
            contracts.createHolder(new Holder(HOLDER, "Crash test holder", BitcoinAddress.fromScriptPubKey(p2wpkh, Network.REGTEST).toString(),
                    Network.REGTEST));
            Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS);
            contracts.createContract(new Contract(CONTRACT, HOLDER, Hashrate.ofThs("100"), start, start.plus(Duration.ofDays(365)),
                    0, 0, ContractKind.DEDICATED, ContractStatus.ACTIVE));
            release();
        }

        /** Settles every period ending by {@code now} with the server's own settlement settings (PPS, 2.5 %, regtest subsidy). */
        void settle(Instant now) {
            SettlementConfig d = SettlementConfig.DEFAULT;
            SettlementConfig config = new SettlementConfig(d.period(), PayoutScheme.PPS, 250, SubsidySchedule.REGTEST,
                    d.fppsWindowBlocks(), d.suspendAfterUnprofitable(), d.farmAccount(), d.shareRetention());
            new SettlementService(database(), config, new Ledger(database(), Clock.systemUTC()), Clock.systemUTC()).settleDue(now);
            release();
        }

        /** A count over a plain JDBC connection, while the child pool owns the database. */
        long countWhileRunning(String sql) throws SQLException {
            String url = pgDatabase == null ? "jdbc:sqlite:" + dataDir.resolve(Database.SQLITE_FILE) : pgUrl;
            try (Connection c = pgDatabase == null ? java.sql.DriverManager.getConnection(url)
                    : java.sql.DriverManager.getConnection(url, PG_USER, PG_PASSWORD);
                 PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        long count(String sql) throws SQLException {
            return rows(sql, 1).get(0)[0];
        }

        List<long[]> rows(String sql, int columns) throws SQLException {
            List<long[]> out = new ArrayList<>();
            try (Connection c = database().connection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] row = new long[columns];
                    for (int i = 0; i < columns; i++) row[i] = rs.getLong(i + 1);
                    out.add(row);
                }
            }
            return out;
        }

        List<String> strings(String sql) throws SQLException {
            List<String> out = new ArrayList<>();
            try (Connection c = database().connection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }

        @Override
        public void close() throws SQLException {
            release();
            if (pgDatabase != null) {
                try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD); Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
                }
            }
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v;
        }
    }
}
