package dev.quarry.accounting.store;

import dev.quarry.accounting.testing.TestDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Upgrading a database that was created before migration V2: every stored share survives the
 * table rebuild with all its fields, seq becomes the key (unique), the header hash is no longer
 * unique, and the journal's log position starts at 0.
 */
class ShareTableMigrationTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void v2KeepsEveryStoredShareAndKeysTheTableBySeq(Dialect dialect) throws Exception {
        try (TestDb t = TestDb.create(dialect)) {
            String url = dialect == Dialect.SQLITE
                    ? "jdbc:sqlite:" + t.dataDir().resolve(Database.SQLITE_FILE).toAbsolutePath()
                    : TestDb.PG_URL;
            if (dialect == Dialect.SQLITE) java.nio.file.Files.createDirectories(t.dataDir());
            var flyway = Flyway.configure().dataSource(url, TestDb.PG_USER, TestDb.PG_PASSWORD)
                    .locations("classpath:db/migration").target("1");
            if (dialect == Dialect.POSTGRESQL) flyway.schemas(t.schema()).defaultSchema(t.schema()).createSchemas(true);
            flyway.load().migrate();
            List<String> before = new ArrayList<>();
            try (Connection c = connect(dialect, url, t.schema())) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO accepted_share (header_hash, seq, time_ms, contract_id, worker,"
                        + " job_id, share_target, difficulty, achieved_difficulty, n_bits, height, block_found)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = 1; i <= 50; i++) {
                        ps.setString(1, String.format("%064x", i * 7919L));
                        ps.setLong(2, i);
                        ps.setLong(3, 1_700_000_000_000L + i);
                        ps.setString(4, "c" + i % 3);
                        ps.setString(5, "w" + i);
                        ps.setString(6, "j" + i % 5);
                        ps.setString(7, "00000000ffff0000000000000000000000000000000000000000000000000000");
                        ps.setDouble(8, Math.scalb(1.0, -31) * i);
                        ps.setDouble(9, 1.5 * i);
                        ps.setLong(10, 0x1701e636L);
                        ps.setLong(11, 900_000 + i);
                        ps.setBoolean(12, i == 7);
                        ps.executeUpdate();
                    }
                }
                before.addAll(rows(c));
            }

            Database db = t.open(); // migrates to the latest version
            try (Connection c = db.connection()) {
                assertEquals(before, rows(c), "every share, every field, after the rebuild");
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT applied FROM journal_log_position WHERE id = 1")) {
                    rs.next();
                    assertEquals(0, rs.getLong(1));
                }
                // seq is the key now; the hash is an ordinary column
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO accepted_share (header_hash, seq, time_ms, contract_id, worker, job_id, share_target,"
                            + " difficulty, achieved_difficulty, n_bits, height, block_found) SELECT header_hash, 51, time_ms, contract_id,"
                            + " worker, job_id, share_target, difficulty, achieved_difficulty, n_bits, height, block_found"
                            + " FROM accepted_share WHERE seq = 1");
                    assertThrows(SQLException.class, () -> st.executeUpdate("INSERT INTO accepted_share (header_hash, seq, time_ms,"
                            + " contract_id, worker, job_id, share_target, difficulty, achieved_difficulty, n_bits, height, block_found)"
                            + " SELECT 'x', 2, time_ms, contract_id, worker, job_id, share_target, difficulty, achieved_difficulty, n_bits,"
                            + " height, block_found FROM accepted_share WHERE seq = 1"), "seq 2 exists: the key refuses it");
                }
            }
        }
    }

    private static Connection connect(Dialect dialect, String url, String schema) throws SQLException {
        if (dialect == Dialect.SQLITE) return DriverManager.getConnection(url);
        Connection c = DriverManager.getConnection(url, TestDb.PG_USER, TestDb.PG_PASSWORD);
        c.setSchema(schema);
        return c;
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT header_hash, seq, time_ms, contract_id, worker,"
                + " job_id, share_target, difficulty, achieved_difficulty, n_bits, height, block_found FROM accepted_share ORDER BY seq")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getLong(3) + "|" + rs.getString(4) + "|" + rs.getString(5) + "|"
                        + rs.getString(6) + "|" + rs.getString(7) + "|" + Double.doubleToRawLongBits(rs.getDouble(8)) + "|"
                        + Double.doubleToRawLongBits(rs.getDouble(9)) + "|" + rs.getLong(10) + "|" + rs.getLong(11) + "|" + rs.getBoolean(12));
            }
        }
        return rows;
    }
}
