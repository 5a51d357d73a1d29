package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.store.StoreException;
import dev.quarry.accounting.testing.Shares;
import dev.quarry.accounting.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoggedShareJournalTest {

    @TempDir
    Path temp;

    private static long storedDifficultyBits(Database db, AcceptedShare s) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT difficulty FROM accepted_share WHERE header_hash = ?")) {
                ps.setString(1, HexFormat.of().formatHex(s.headerHash()));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Double.doubleToRawLongBits(rs.getDouble(1)) : -1L;
                }
            }
        });
    }

    private static long logFiles(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(ShareLog.SUFFIX)).count();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void storesEveryAcknowledgedShareOnceAndLeavesNoLogAfterAcleanClose(Dialect dialect) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            Database db = t.open();
            Path logDir = temp.resolve("journal");
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            try (LoggedShareJournal journal = new LoggedShareJournal(db, logDir, JournalConfig.DEFAULT)) {
                for (int i = 0; i < 3_000; i++) acks.add(journal.append(Shares.share(i)));
                for (int i = 0; i < 3_000; i += 3) acks.add(journal.append(Shares.share(i)));
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                assertTrue(journal.awaitStored(Duration.ofSeconds(60)));
                assertEquals(3_000, SqlShareJournalTest.count(db), "stored once each, right after awaitStored");
                assertEquals(3_000, journal.stats().stored());
                assertEquals(1_000, journal.stats().duplicates());
            }
            assertEquals(0, logFiles(logDir), "a clean close stores everything and deletes the log");
            AcceptedShare odd = Shares.share(1_000_005, "c1", Math.scalb(1.0, -31) * 3, 0x1701e636, 900_000, 1_700_000_000_000L);
            try (LoggedShareJournal journal = new LoggedShareJournal(db, logDir, JournalConfig.DEFAULT)) {
                journal.append(Shares.share(1)).get(30, TimeUnit.SECONDS);
                journal.append(odd).get(30, TimeUnit.SECONDS);
                assertTrue(journal.awaitStored(Duration.ofSeconds(30)));
            }
            assertEquals(3_001, SqlShareJournalTest.count(db));
            assertEquals(Double.doubleToRawLongBits(odd.difficulty()), storedDifficultyBits(db, odd));
        }
    }

    /** What a SIGKILL leaves: segments whose shares never reached the database, the newest torn mid-frame. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void openingReplaysTheLogIntoTheDatabaseAndDropsATornTail(Dialect dialect) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            Database db = t.open();
            Path logDir = Files.createDirectories(temp.resolve("journal"));
            CRC32C crc = new CRC32C();
            // two segments; share 10..19 are in both the first segment and the database already
            try (SqlShareJournal direct = new SqlShareJournal(db)) {
                for (int i = 10; i < 20; i++) direct.append(Shares.share(i)).get(30, TimeUnit.SECONDS);
            }
            ByteBuffer first = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < 500; i++) ShareRecordCodec.encode(Shares.share(i), first, crc);
            Files.write(logDir.resolve(String.format("%020d%s", 7, ShareLog.SUFFIX)), java.util.Arrays.copyOf(first.array(), first.position()));
            ByteBuffer second = ByteBuffer.allocate(1 << 20);
            for (int i = 500; i < 800; i++) ShareRecordCodec.encode(Shares.share(i), second, crc);
            int whole = second.position();
            ShareRecordCodec.encode(Shares.share(800), second, crc);
            int torn = whole + (second.position() - whole) / 2; // share 800 was being written when the power went
            Files.write(logDir.resolve(String.format("%020d%s", 8, ShareLog.SUFFIX)), java.util.Arrays.copyOf(second.array(), torn));

            try (LoggedShareJournal journal = new LoggedShareJournal(db, logDir, JournalConfig.DEFAULT)) {
                // replayed before the constructor returned
                assertEquals(800, SqlShareJournalTest.count(db));
                assertEquals(790, journal.stats().stored());
                assertEquals(10, journal.stats().duplicates());
                assertEquals(0, storedDifficultyBits(db, Shares.share(800)) + 1, "the torn share was never acknowledged: not stored");
                journal.append(Shares.share(800)).get(30, TimeUnit.SECONDS);
            }
            assertEquals(801, SqlShareJournalTest.count(db));
            assertEquals(0, logFiles(logDir));
        }
    }

    @Test
    void corruptionBeforeTheNewestSegmentStopsStartUpWithAClearMessage() throws Exception {
        try (TestDb t = TestDb.create(Dialect.SQLITE)) {
            Database db = t.open();
            Path logDir = Files.createDirectories(temp.resolve("journal"));
            CRC32C crc = new CRC32C();
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            for (int i = 0; i < 20; i++) ShareRecordCodec.encode(Shares.share(i), b, crc);
            byte[] bytes = java.util.Arrays.copyOf(b.array(), b.position());
            bytes[bytes.length / 2] ^= 0x40;
            Files.write(logDir.resolve(String.format("%020d%s", 1, ShareLog.SUFFIX)), bytes);
            Files.write(logDir.resolve(String.format("%020d%s", 2, ShareLog.SUFFIX)), new byte[0]);
            StoreException e = assertThrows(StoreException.class, () -> new LoggedShareJournal(db, logDir, JournalConfig.DEFAULT));
            assertTrue(e.getMessage().contains("00000000000000000001.qlog") && e.getMessage().contains("corrupt"), e.getMessage());
            assertEquals(2, logFiles(logDir), "nothing deleted");
        }
    }

    /**
     * The point of the log: acknowledgements do not wait for the database. Another connection
     * holds SQLite's write lock; shares are still acknowledged (durable in the log), and they are
     * stored once the lock is released.
     */
    @Test
    void sharesAreAcknowledgedWhileTheDatabaseIsLockedAndStoredAfterwards() throws Exception {
        try (TestDb t = TestDb.create(Dialect.SQLITE)) {
            Database db = t.open();
            Path logDir = temp.resolve("journal");
            try (LoggedShareJournal journal = new LoggedShareJournal(db, logDir, JournalConfig.DEFAULT)) {
                try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + t.dataDir().resolve(Database.SQLITE_FILE));
                     Statement st = locker.createStatement()) {
                    st.execute("BEGIN EXCLUSIVE");
                    List<CompletableFuture<Void>> acks = new ArrayList<>();
                    for (int i = 0; i < 1_000; i++) acks.add(journal.append(Shares.share(i)));
                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
                    assertFalse(journal.awaitStored(Duration.ofMillis(300)), "the database is locked: nothing can be stored yet");
                    assertEquals(1_000, journal.databaseBacklog());
                    st.execute("ROLLBACK");
                }
                assertTrue(journal.awaitStored(Duration.ofSeconds(60)));
                assertEquals(0, journal.databaseBacklog());
            }
            assertEquals(1_000, SqlShareJournalTest.count(db));
        }
    }
}
