package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Shares;
import dev.quarry.accounting.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlShareJournalTest {

    static long count(Database db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT header_hash), COUNT(DISTINCT seq) FROM accepted_share");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(rs.getLong(1), rs.getLong(2), "header hashes unique");
                assertEquals(rs.getLong(1), rs.getLong(3), "seq unique");
                return rs.getLong(1);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void storesEveryShareGivenNumberedInCommitOrderAcrossReopening(Dialect dialect) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            Database db = t.open();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            try (SqlShareJournal journal = new SqlShareJournal(db)) {
                for (int i = 0; i < 2_000; i++) acks.add(journal.append(Shares.share(i)));
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                assertEquals(2_000, journal.stats().stored());
            }
            assertEquals(2_000, count(db));
            t.closeDatabase();

            // after a restart the numbering continues where it stopped
            db = t.open();
            try (SqlShareJournal journal = new SqlShareJournal(db)) {
                acks.clear();
                for (int i = 2_000; i < 2_500; i++) acks.add(journal.append(Shares.share(i)));
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                assertEquals(500, journal.stats().stored());
            }
            assertEquals(2_500, count(db));
            long[] seqRange = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq), MAX(seq), COUNT(DISTINCT seq) FROM accepted_share");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                }
            });
            assertEquals(1, seqRange[0]);
            assertEquals(2_500, seqRange[1]);
            assertEquals(2_500, seqRange[2]);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void storesAllFieldsExactly(Dialect dialect) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            Database db = t.open();
            double oddDifficulty = 0.1 + Math.ulp(0.1) * 3; // a double with all 53 bits in use
            AcceptedShare s = new AcceptedShare(Shares.hash(7), 1_764_201_600_123L, "demo", "demo.rig-7", "1f",
                    "00000000000000000001e636" + "0".repeat(40), oddDifficulty, 1234.5678, 0x1701e636, 923_456, true);
            try (SqlShareJournal journal = new SqlShareJournal(db)) {
                journal.append(s).get(30, TimeUnit.SECONDS);
            }
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM accepted_share");
                     ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(HexFormat.of().formatHex(Shares.hash(7)), rs.getString("header_hash"));
                    assertEquals(1_764_201_600_123L, rs.getLong("time_ms"));
                    assertEquals("demo", rs.getString("contract_id"));
                    assertEquals("demo.rig-7", rs.getString("worker"));
                    assertEquals("1f", rs.getString("job_id"));
                    assertEquals(Double.doubleToRawLongBits(oddDifficulty), Double.doubleToRawLongBits(rs.getDouble("difficulty")),
                            "difficulty must round-trip bit-exactly");
                    assertEquals(0x1701e636L, rs.getLong("n_bits"));
                    assertEquals(923_456, rs.getLong("height"));
                    assertTrue(rs.getBoolean("block_found"));
                    return null;
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusesSharesAfterCloseAndWhenTheQueueIsFull(Dialect dialect) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            Database db = t.open();
            SqlShareJournal journal = new SqlShareJournal(db, new JournalConfig(4, 2, Duration.ZERO));
            Set<Class<?>> failures = new HashSet<>();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            // Far more than the queue holds, as fast as possible: some must be refused, none lost silently.
            for (int i = 0; i < 5_000; i++) acks.add(journal.append(Shares.share(i)));
            long ok = 0;
            for (CompletableFuture<Void> f : acks) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                    ok++;
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getClass());
                }
            }
            journal.close();
            assertEquals(Set.of(JournalFullException.class), failures);
            assertEquals(ok, count(db), "exactly the acknowledged shares are stored");
            ExecutionException afterClose = assertThrows(ExecutionException.class, () -> journal.append(Shares.share(99_999)).get());
            assertInstanceOf(JournalClosedException.class, afterClose.getCause());
        }
    }
}
