package dev.quarry.accounting.journal;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Writes batches of shares into {@code accepted_share} over one dedicated connection, one
 * transaction per batch. Numbers stored shares ({@code seq}, the table's key) in commit order,
 * continuing from the stored maximum; settlement credits by {@code seq} ranges, so there must be
 * exactly one writer per database.
 *
 * <p>Every share given is stored: refusing a resubmitted share is the Stratum server's per-job
 * duplicate filter's job, and a replayed journal log is made idempotent by the log position this
 * writer stores in the same transaction as the shares ({@link #write(List, long)}). There is
 * deliberately no unique index on the random header hash (see migration V2).
 *
 * <p>Not thread-safe: owned by one journal thread.
 */
final class ShareTableWriter implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();
    static final String INSERT_HEAD = "INSERT INTO accepted_share (header_hash, seq, time_ms, contract_id, worker, job_id,"
            + " share_target, difficulty, achieved_difficulty, n_bits, height, block_found) VALUES ";
    /** Rows per multi-row INSERT: 12 parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
    static final int ROWS_PER_STATEMENT = 256;

    private final Database database;
    private Connection connection;
    private boolean connectionSuspect;
    private long nextSeq;
    /** The journal log position stored with the last committed batch that carried one. */
    private long appliedLogPosition;
    /** The full-size statement is prepared once per connection: parsing 3,072 placeholders each time is not free. */
    private PreparedStatement fullInsert;
    private final String[] sqlByRows = new String[ROWS_PER_STATEMENT + 1];

    /** Time spent in the last {@link #write}: executing the inserts, and committing (the fsync / WAL flush). */
    private long lastInsertNanos;
    private long lastCommitNanos;

    ShareTableWriter(Database database) throws SQLException {
        this.database = database;
        openConnection();
    }

    private void openConnection() throws SQLException {
        connection = database.connection();
        connection.setAutoCommit(true);
        try (PreparedStatement ps = connection.prepareStatement("SELECT MAX(seq) FROM accepted_share");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long max = rs.getLong(1);
            nextSeq = Math.max(nextSeq, max + 1);
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT applied FROM journal_log_position WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            appliedLogPosition = rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The journal log position up to which logged shares are in the database (0: none). */
    long appliedLogPosition() {
        return appliedLogPosition;
    }

    /** Inserts and commits {@code shares} in one transaction (not from the log). */
    int write(List<AcceptedShare> shares) throws SQLException {
        return write(shares, -1);
    }

    /**
     * Inserts and commits {@code shares} in one transaction, and with them, if {@code logPosition}
     * is not negative, the journal log position they reach. Returns how many rows were stored. On
     * failure the transaction is rolled back, the connection is re-validated before its next use,
     * and the exception propagates.
     */
    int write(List<AcceptedShare> shares, long logPosition) throws SQLException {
        long seqBefore = nextSeq;
        try {
            ensureConnection();
            // Between batches the connection stays in auto-commit mode: the SQLite driver begins
            // the next transaction eagerly when auto-commit is off, and with BEGIN IMMEDIATE an
            // idle journal would then hold the database's write lock and starve settlement.
            connection.setAutoCommit(false);
            long t0 = System.nanoTime();
            int inserted = database.dialect() == Dialect.POSTGRESQL ? insertUnnest(shares) : insertValues(shares);
            if (logPosition >= 0) storeLogPosition(logPosition);
            long t1 = System.nanoTime();
            connection.commit();
            connection.setAutoCommit(true);
            if (logPosition >= 0) appliedLogPosition = logPosition;
            lastInsertNanos = t1 - t0;
            lastCommitNanos = System.nanoTime() - t1;
            return inserted;
        } catch (SQLException | RuntimeException e) {
            nextSeq = seqBefore;
            rollbackQuietly();
            throw e;
        }
    }

    /** Header hashes (lower-case hex) of the {@code rows} most recently stored shares. */
    Set<String> newestHashes(int rows) throws SQLException {
        ensureConnection();
        Set<String> hashes = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT header_hash FROM accepted_share ORDER BY seq DESC LIMIT ?")) {
            ps.setInt(1, rows);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) hashes.add(rs.getString(1));
            }
        }
        return hashes;
    }

    private void storeLogPosition(long logPosition) throws SQLException {
        if (logPosition < appliedLogPosition) {
            throw new IllegalStateException("journal log position going backwards: " + logPosition + " after " + appliedLogPosition);
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE journal_log_position SET applied = ? WHERE id = 1")) {
            ps.setLong(1, logPosition);
            if (ps.executeUpdate() != 1) throw new SQLException("journal_log_position has no row (migration V2 not applied?)");
        }
    }

    long lastInsertNanos() {
        return lastInsertNanos;
    }

    long lastCommitNanos() {
        return lastCommitNanos;
    }

    /** Multi-row {@code INSERT .. VALUES (..), (..)}: far fewer driver round trips than one row per statement. */
    private int insertValues(List<AcceptedShare> shares) throws SQLException {
        int inserted = 0;
        for (int from = 0; from < shares.size(); from += ROWS_PER_STATEMENT) {
            List<AcceptedShare> chunk = shares.subList(from, Math.min(shares.size(), from + ROWS_PER_STATEMENT));
            boolean full = chunk.size() == ROWS_PER_STATEMENT;
            PreparedStatement ps = full ? fullStatement() : connection.prepareStatement(insertSql(chunk.size()));
            try {
                int i = 1;
                for (AcceptedShare s : chunk) {
                    ps.setString(i++, HEX.formatHex(s.headerHash()));
                    ps.setLong(i++, nextSeq++);
                    ps.setLong(i++, s.timeMillis());
                    ps.setString(i++, s.contractId());
                    ps.setString(i++, s.worker());
                    ps.setString(i++, s.jobId());
                    ps.setString(i++, s.shareTargetHex());
                    ps.setDouble(i++, s.difficulty());
                    ps.setDouble(i++, s.achievedDifficulty());
                    ps.setLong(i++, Integer.toUnsignedLong(s.networkBits()));
                    ps.setLong(i++, s.height());
                    ps.setBoolean(i++, s.blockFound());
                }
                inserted += ps.executeUpdate();
            } finally {
                if (!full) ps.close();
            }
        }
        return inserted;
    }

    /**
     * PostgreSQL: the whole batch as ONE statement of twelve column arrays, {@code INSERT .. SELECT *
     * FROM unnest(...)} — same table, same rows, about 1.5× the rate
     * of multi-row VALUES here. (The schema stays portable; only this DML is PostgreSQL's.)
     */
    private int insertUnnest(List<AcceptedShare> shares) throws SQLException {
        int n = shares.size();
        String[] hash = new String[n], contract = new String[n], worker = new String[n], job = new String[n], target = new String[n];
        Long[] seq = new Long[n], time = new Long[n], bits = new Long[n], height = new Long[n];
        Double[] diff = new Double[n], achieved = new Double[n];
        Boolean[] block = new Boolean[n];
        for (int i = 0; i < n; i++) {
            AcceptedShare s = shares.get(i);
            hash[i] = HEX.formatHex(s.headerHash());
            seq[i] = nextSeq++;
            time[i] = s.timeMillis();
            contract[i] = s.contractId();
            worker[i] = s.worker();
            job[i] = s.jobId();
            target[i] = s.shareTargetHex();
            diff[i] = s.difficulty();
            achieved[i] = s.achievedDifficulty();
            bits[i] = Integer.toUnsignedLong(s.networkBits());
            height[i] = s.height();
            block[i] = s.blockFound();
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_HEAD.replace(" VALUES ", " ")
                + "SELECT * FROM unnest(?::varchar[], ?::int8[], ?::int8[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
                + " ?::float8[], ?::float8[], ?::int8[], ?::int8[], ?::bool[])")) {
            ps.setArray(1, connection.createArrayOf("varchar", hash));
            ps.setArray(2, connection.createArrayOf("int8", seq));
            ps.setArray(3, connection.createArrayOf("int8", time));
            ps.setArray(4, connection.createArrayOf("varchar", contract));
            ps.setArray(5, connection.createArrayOf("varchar", worker));
            ps.setArray(6, connection.createArrayOf("varchar", job));
            ps.setArray(7, connection.createArrayOf("varchar", target));
            ps.setArray(8, connection.createArrayOf("float8", diff));
            ps.setArray(9, connection.createArrayOf("float8", achieved));
            ps.setArray(10, connection.createArrayOf("int8", bits));
            ps.setArray(11, connection.createArrayOf("int8", height));
            ps.setArray(12, connection.createArrayOf("bool", block));
            return ps.executeUpdate();
        }
    }

    private PreparedStatement fullStatement() throws SQLException {
        if (fullInsert == null || fullInsert.isClosed()) fullInsert = connection.prepareStatement(insertSql(ROWS_PER_STATEMENT));
        return fullInsert;
    }

    private String insertSql(int rows) {
        String sql = sqlByRows[rows];
        if (sql == null) {
            StringBuilder b = new StringBuilder(INSERT_HEAD);
            for (int r = 0; r < rows; r++) b.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            sql = b.toString();
            sqlByRows[rows] = sql;
        }
        return sql;
    }

    private void ensureConnection() throws SQLException {
        // Validity is only checked after a failure: a round trip per batch would halve throughput.
        if (connection == null || connection.isClosed() || (connectionSuspect && !connection.isValid(5))) {
            fullInsert = null;
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // replaced below
                }
            }
            openConnection();
        }
        connectionSuspect = false;
    }

    private void rollbackQuietly() {
        connectionSuspect = true;
        try {
            if (connection != null && !connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the connection is re-validated before its next use
        }
    }

    @Override
    public void close() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // closing; nothing more to do
        }
    }
}
