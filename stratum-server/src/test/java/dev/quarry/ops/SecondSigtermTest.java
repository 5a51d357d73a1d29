package dev.quarry.ops;

import dev.quarry.accounting.store.Database;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "A second SIGTERM forces": a graceful stop that cannot finish — another process holds SQLite's
 * write lock, so the journal cannot store the shares its log acknowledged — is cut short by a
 * second SIGTERM (exit 130 at once). Nothing acknowledged is lost by forcing: the next start
 * replays the journal's log into the database.
 */
@Tag("slow")
class SecondSigtermTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSecondSigtermHaltsAStuckShutdownAndTheNextStartStoresEveryAcknowledgedShare() throws Exception {
        Path data = dir.resolve("data");
        int port = ChildQuarry.freePort();
        // static port at difficulty 2^-32 (nearly every hash is a share), a chain where no share is a block
        Map<String, String> env = Map.of(
                "QUARRY_STRATUM_STATIC_PORT", Integer.toString(port),
                "QUARRY_STRATUM_STATIC_DIFFICULTY", Double.toString(Math.pow(2, -32)),
                "QUARRY_SIM_DIFFICULTY", "1e14");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ChildQuarry q = ChildQuarry.start(data, ChildQuarry.freePort(), env, "--stratum-port", "0")) {
            q.awaitReady(Duration.ofSeconds(60));
            try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.SQLITE_FILE));
                 Statement st = locker.createStatement()) {
                st.execute("PRAGMA busy_timeout = 30000");
                st.execute("BEGIN EXCLUSIVE"); // the pool's database thread now waits on this lock
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                RecordingMiner miner = RecordingMiner.mining(port, "demo.rig1", 7, 64, acknowledged, deadline);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (miner.ackedHere.get() < 300 && System.nanoTime() < until) Thread.sleep(20);
                assertTrue(miner.ackedHere.get() >= 300, "shares acknowledged from the log while the database is locked:\n" + q.output());
                miner.stopSubmitting();
                RecordingMiner.awaitAll(List.of(miner), 15_000);

                q.process.destroy(); // SIGTERM: the graceful stop now waits for the database
                assertFalse(q.process.waitFor(3, TimeUnit.SECONDS), "the graceful stop is still storing the log (database locked)");
                long t0 = System.nanoTime();
                new ProcessBuilder("kill", "-TERM", Long.toString(q.process.pid())).start().waitFor();
                assertTrue(q.process.waitFor(10, TimeUnit.SECONDS), "a second SIGTERM halts at once:\n" + q.output());
                // 130: PoolRunner's halt on a second signal (a graceful stop exits 0, an unhandled SIGTERM 143)
                assertEquals(130, q.process.exitValue(), q.output());
                System.err.printf("SecondSigtermTest: %d acknowledged; halted %d ms after the second SIGTERM%n",
                        acknowledged.size(), (System.nanoTime() - t0) / 1_000_000);
                st.execute("ROLLBACK");
            }
        }

        // The next start replays the journal's log: every acknowledged share is stored, once.
        try (ChildQuarry q = ChildQuarry.start(data, ChildQuarry.freePort(), env, "--stratum-port", "0")) {
            q.awaitReady(Duration.ofSeconds(60));
            Set<String> stored = ConcurrentHashMap.newKeySet();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.SQLITE_FILE));
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT header_hash FROM accepted_share")) {
                while (rs.next()) assertTrue(stored.add(rs.getString(1)), "stored once");
            }
            List<String> missing = acknowledged.stream().filter(h -> !stored.contains(h)).limit(5).toList();
            assertEquals(List.of(), missing, "acknowledged shares missing after the forced stop (of " + acknowledged.size() + ")");
            q.process.destroy();
            assertTrue(q.awaitExit(Duration.ofSeconds(30)), q.output());
            assertEquals(0, q.process.exitValue(), q.output());
        }
    }
}
