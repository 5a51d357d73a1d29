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

    private static int distinctHashes(Database db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT header_hash) FROM accepted_share");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
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
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                assertTrue(journal.awaitStored(Duration.ofSeconds(60)));
                assertEquals(3_000, SqlShareJournalTest.count(db), "stored once each, right after awaitStored");
                assertEquals(3_000, journal.stats().stored());
                assertEquals(0, journal.stats().skippedAtReplay());
            }
            assertEquals(0, logFiles(logDir), "a clean close stores everything and deletes the log");
            AcceptedShare odd = Shares.share(1_000_005, "c1", Math.scalb(1.0, -31) * 3, 0x1701e636, 900_000, 1_700_000_000_000L);
            try (LoggedShareJournal journal = new LoggedShareJournal(db, logDir, JournalConfig.DEFAULT)) {
                journal.append(Shares.share(3_000)).get(30, TimeUnit.SECONDS);
                journal.append(odd).get(30, TimeUnit.SECONDS);
                assertTrue(journal.awaitStored(Duration.ofSeconds(30)));
            }
            assertEquals(3_002, SqlShareJournalTest.count(db));
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
            // two segments; shares 0..19 of the first are in the database already, which says so
            // by the log position it stored with them (the kill came before the segment was deleted)
            ByteBuffer first = ByteBuffer.allocate(1 << 20);
            List<AcceptedShare> storedBefore = new ArrayList<>();
            int storedUpTo = 0;
            for (int i = 0; i < 500; i++) {
                ShareRecordCodec.encode(Shares.share(i), first, crc);
                if (i < 20) {
                    storedBefore.add(Shares.share(i));
                    storedUpTo = first.position();
                }
            }
            try (ShareTableWriter table = new ShareTableWriter(db)) {
                table.write(storedBefore, ShareLog.position(7, storedUpTo));
            }
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
                assertEquals(780, journal.stats().stored());
                assertEquals(20, journal.stats().skippedAtReplay());
                assertEquals(0, storedDifficultyBits(db, Shares.share(800)) + 1, "the torn share was never acknowledged: not stored");
                journal.append(Shares.share(800)).get(30, TimeUnit.SECONDS);
            }
            assertEquals(801, SqlShareJournalTest.count(db));
            assertEquals(0, logFiles(logDir));
            assertEquals(801, distinctHashes(db), "no share stored twice");
        }
    }

    /**
     * Upgrading after a crash of a version from before log positions (migration V2): the database
     * holds no position, and the log holds shares that were stored already (the newest ones). They
     * are recognised by their hashes among the newest stored shares and not stored again.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aLogFromBeforeLogPositionsIsReplayedWithoutStoringItsStoredSharesTwice(Dialect dialect) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            Database db = t.open();
            Path logDir = Files.createDirectories(temp.resolve("journal"));
            List<AcceptedShare> older = new ArrayList<>();
            for (int i = 1_000; i < 1_300; i++) older.add(Shares.share(i)); // stored long before, segment deleted
            List<AcceptedShare> inLogAndStored = new ArrayList<>();
            for (int i = 0; i < 40; i++) inLogAndStored.add(Shares.share(i));
            try (ShareTableWriter table = new ShareTableWriter(db)) {
                table.write(older);
                table.write(inLogAndStored); // no log position: what the old version did
                assertEquals(0, table.appliedLogPosition());
            }
            CRC32C crc = new CRC32C();
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < 300; i++) ShareRecordCodec.encode(Shares.share(i), b, crc);
            Files.write(logDir.resolve(String.format("%020d%s", 3, ShareLog.SUFFIX)), java.util.Arrays.copyOf(b.array(), b.position()));

            try (LoggedShareJournal journal = new LoggedShareJournal(db, logDir, JournalConfig.DEFAULT)) {
                assertEquals(260, journal.stats().stored());
                assertEquals(40, journal.stats().skippedAtReplay());
            }
            assertEquals(600, SqlShareJournalTest.count(db));
            assertEquals(600, distinctHashes(db), "no share stored twice");
        }
    }

    /**
     * A clean close deletes the log, but the database remembers the position its shares reached:
     * the next segments must be numbered after it, or a later crash's replay would take new shares
     * for stored ones and skip them.
     */
    @Test
    void segmentNumbersContinuePastTheStoredPositionWhenTheLogDirectoryIsEmpty() throws Exception {
        try (TestDb t = TestDb.create(Dialect.SQLITE)) {
            Database db = t.open();
            Path logDir = Files.createDirectories(temp.resolve("journal"));
            try (ShareTableWriter table = new ShareTableWriter(db)) {
                table.write(List.of(Shares.share(0)), ShareLog.position(41, 1_000));
            }
            try (LoggedShareJournal journal = new LoggedShareJournal(db, logDir, JournalConfig.DEFAULT)) {
                journal.append(Shares.share(1)).get(30, TimeUnit.SECONDS);
                assertEquals(List.of(42L), ShareLog.segmentNumbers(logDir));
                assertTrue(journal.awaitStored(Duration.ofSeconds(30)));
            }
            try (ShareTableWriter table = new ShareTableWriter(db)) {
                assertTrue(table.appliedLogPosition() > ShareLog.position(42, 0), "position stored with the share");
            }
            assertEquals(2, SqlShareJournalTest.count(db));
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
