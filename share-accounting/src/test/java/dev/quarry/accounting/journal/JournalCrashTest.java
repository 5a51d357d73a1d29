package dev.quarry.accounting.journal;

import dev.quarry.accounting.ledger.Accounts;
import dev.quarry.accounting.ledger.Ledger;
import dev.quarry.accounting.settlement.SettlementConfig;
import dev.quarry.accounting.settlement.SettlementService;
import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.TestDb;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety of the journal with a real process: a child JVM ({@link JournalCrashDriver}) drives
 * the journal at full rate and prints every acknowledged share; we SIGKILL it at random moments,
 * restart it, and finally check that every acknowledged share is stored exactly once, and that
 * settling afterwards credits every stored share exactly once.
 * (The end-to-end variant through the Stratum server belongs to stratum-server.)
 */
@Tag("slow")
class JournalCrashTest {

    private static final int KILLS = 4;

    static Stream<Arguments> journals() {
        return Stream.of(Dialect.values()).flatMap(d -> Stream.of(Arguments.of(d, true), Arguments.of(d, false)));
    }

    @ParameterizedTest(name = "{0}, log journal: {1}")
    @MethodSource("journals")
    void everyAcknowledgedShareSurvivesSigkillExactlyOnce(Dialect dialect, boolean logJournal) throws Exception {
        Random random = new Random();
        try (TestDb t = TestDb.create(dialect)) {
            Path logDir = java.nio.file.Files.createTempDirectory("quarry-journal-log");
            t.open();
            t.closeDatabase();
            String location = dialect == Dialect.SQLITE ? t.dataDir().toString() : t.schema();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> cutShort = ConcurrentHashMap.newKeySet();
            for (int run = 0; run < KILLS; run++) {
                Process child = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        JournalCrashDriver.class.getName(), dialect.name(), location, Integer.toString(run),
                        logJournal ? logDir.toString() : ""))
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                CountDownLatch acksFlowing = new CountDownLatch(1);
                int[] ackedThisRun = {0};
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (line.startsWith("ACK ") && line.length() == 4 + 64) {
                                acknowledged.add(line.substring(4));
                                if (++ackedThisRun[0] >= 1_000) acksFlowing.countDown();
                            } else if (line.startsWith("ACK ")) {
                                // a SIGKILL in the middle of a pipe write cuts the last line short
                                cutShort.add(line.substring(4));
                            }
                        }
                    } catch (Exception ignored) {
                        // the child died; what was read is what was acknowledged
                    }
                });
                reader.start();
                assertTrue(acksFlowing.await(60, TimeUnit.SECONDS), "child acknowledged nothing; run " + run);
                Thread.sleep(50 + random.nextInt(1_500));
                assertTrue(child.isAlive(), "the child must still be writing when killed");
                child.destroyForcibly(); // SIGKILL
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                reader.join(10_000);
                assertTrue(ackedThisRun[0] > 1_000);
            }

            Database db = t.open();
            // What a restarted pool does first: open the journal, which replays its log.
            if (logJournal) new LoggedShareJournal(db, logDir, JournalConfig.DEFAULT).close();
            Map<String, Integer> stored = new HashMap<>();
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT header_hash FROM accepted_share");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) stored.merge(rs.getString(1), 1, Integer::sum);
                }
                return null;
            });
            List<String> missing = acknowledged.stream().filter(h -> !stored.containsKey(h)).limit(5).toList();
            assertEquals(List.of(), missing, "acknowledged shares missing after SIGKILL (of " + acknowledged.size() + ")");
            assertTrue(stored.values().stream().allMatch(n -> n == 1), "a share is stored twice");
            for (String prefix : cutShort) {
                assertTrue(stored.keySet().stream().anyMatch(h -> h.startsWith(prefix)), "acknowledged (cut-short line) share missing: " + prefix);
            }
            assertTrue(acknowledged.size() > KILLS * 1_000);

            // ... and credited exactly once: settle everything and count the shares behind the credits
            SettlementService settlement = new SettlementService(db, SettlementConfig.DEFAULT, new Ledger(db, Clock.systemUTC()), Clock.systemUTC());
            settlement.settleDue(Instant.now().plus(Duration.ofDays(2)));
            long credited = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(share_count), 0) FROM credit_basis");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(stored.size(), credited, "every stored share credited exactly once");
            assertTrue(new Ledger(db, Clock.systemUTC()).balance(Accounts.HOUSE) > 0);
            System.err.printf("%s (log journal %s) crash test: %d acknowledged, %d stored, %d kills%n", dialect, logJournal, acknowledged.size(), stored.size(), KILLS);
        }
    }
}
