package dev.quarry.accounting.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The accounting database: a pooled {@link DataSource} with the Flyway migrations applied.
 *
 * <p>SQLite: one file {@code quarry.db} under the data directory, WAL journal, {@code
 * synchronous=FULL} so that a committed transaction survives power loss (the journal acknowledges
 * shares on commit), a busy timeout so that the settlement and the journal writer wait for each
 * other instead of failing. PostgreSQL: HikariCP over the JDBC URL; an optional schema isolates
 * installations (and tests) sharing one database.
 */
public final class Database implements AutoCloseable {

    public static final String SQLITE_FILE = "quarry.db";

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private volatile Thread checkpointer;
    private volatile boolean closing;

    private Database(Dialect dialect, HikariDataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
    }

    /** Opens (creating if needed) {@code dataDir/quarry.db} and migrates it. */
    public static Database sqlite(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        // 64 MiB page cache per connection: the share table's hash index takes random inserts
        // and must stay in memory for the journal to keep its rate.
        config.setCacheSize(-65_536);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.enforceForeignKeys(true);
        // Write transactions take the write lock at BEGIN, so they queue on the busy timeout
        // instead of failing when a read lock cannot be upgraded.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // SQLite's own per-connection mutex, taken around every bind and step (13 calls per stored
        // share), guards against two threads using one connection at once. That cannot happen
        // here: a pooled connection has one borrower at a time and the driver's statement methods
        // are synchronized on the connection. Multi-thread mode drops the redundant locking.
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath());

        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setPoolName("quarry-sqlite");
        // One connection is held by the journal writer; the others serve settlement, payouts and reads.
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(1);
        // No connection checkpoints while committing: the WAL is copied into the database by the
        // background checkpointer instead, off the journal's commit path (latency of every batch).
        hikari.setConnectionInitSql("PRAGMA wal_autocheckpoint=0");
        Database db = migrated(Dialect.SQLITE, new HikariDataSource(hikari), null);
        db.startCheckpointer();
        return db;
    }

    /**
     * Connects to PostgreSQL and migrates. {@code schema} may be null (the user's default search
     * path); otherwise it is created if missing and used as the current schema of every connection.
     */
    public static Database postgresql(String jdbcUrl, String user, String password, String schema) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setPoolName("quarry-postgresql");
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(10_000);
        if (schema != null) hikari.setSchema(schema);
        return migrated(Dialect.POSTGRESQL, new HikariDataSource(hikari), schema);
    }

    private static Database migrated(Dialect dialect, HikariDataSource ds, String schema) {
        try {
            var flyway = Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration");
            if (schema != null) flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
            flyway.load().migrate();
            return new Database(dialect, ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("cannot obtain a database connection", e);
        }
    }

    /** Runs {@code work} in one transaction (commit on success, rollback on any exception). */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database transaction failed", e);
        }
    }

    /** Runs read-only {@code work} on an auto-commit connection. */
    public <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("database read failed", e);
        }
    }

    /**
     * Runs a large read that streams rows. PostgreSQL only streams (honours the fetch size) inside
     * a transaction, so there it runs in a read transaction that is rolled back; SQLite reads in
     * auto-commit mode so that it takes no write lock (BEGIN IMMEDIATE would block the journal).
     */
    public <T> T stream(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (dialect == Dialect.SQLITE) return work.run(c);
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database read failed", e);
        }
    }

    /**
     * SQLite: copies committed WAL frames into the database file every 200 ms with PASSIVE
     * checkpoints (they never block writers or readers), so commits only append to the WAL.
     */
    private void startCheckpointer() {
        Thread t = new Thread(() -> {
            while (!closing) {
                try {
                    Thread.sleep(200);
                    try (Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
                        st.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException | RuntimeException e) {
                    if (!closing) org.slf4j.LoggerFactory.getLogger(Database.class).warn("WAL checkpoint failed: {}", e.toString());
                }
            }
        }, "quarry-sqlite-checkpoint");
        t.setDaemon(true);
        t.start();
        checkpointer = t;
    }

    @Override
    public void close() {
        closing = true;
        Thread t = checkpointer;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dataSource.close();
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
