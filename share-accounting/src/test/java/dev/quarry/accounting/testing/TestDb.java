package dev.quarry.accounting.testing;

import dev.quarry.accounting.store.Database;
import dev.quarry.accounting.store.Dialect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A migrated, isolated database for one test: SQLite in a fresh temporary directory, or a fresh
 * schema in the real PostgreSQL test database (dropped on close). PostgreSQL must be reachable:
 * tests FAIL, they do not skip, when it is not (start it with {@code .ci/start-postgres}).
 */
public final class TestDb implements AutoCloseable {

    public static final String PG_URL = env("QUARRY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/quarry_test");
    public static final String PG_USER = env("QUARRY_TEST_PG_USER", "quarry");
    public static final String PG_PASSWORD = env("QUARRY_TEST_PG_PASSWORD", "quarry");

    private final Dialect dialect;
    private final Path dir;
    private final String schema;
    private Database database;

    private TestDb(Dialect dialect, Path dir, String schema) {
        this.dialect = dialect;
        this.dir = dir;
        this.schema = schema;
    }

    public static TestDb create(Dialect dialect) {
        try {
            if (dialect == Dialect.SQLITE) {
                return new TestDb(dialect, Files.createTempDirectory("quarry-acct-test"), null);
            }
            return new TestDb(dialect, null, "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** SQLite: the data directory. */
    public Path dataDir() {
        return dir;
    }

    /** PostgreSQL: the test schema. */
    public String schema() {
        return schema;
    }

    /** Opens (or reopens after {@link #closeDatabase()}) the migrated database. */
    public Database open() {
        if (database == null) {
            database = dialect == Dialect.SQLITE
                    ? Database.sqlite(dir)
                    : Database.postgresql(PG_URL, PG_USER, PG_PASSWORD, schema);
        }
        return database;
    }

    public void closeDatabase() {
        if (database != null) database.close();
        database = null;
    }

    @Override
    public void close() {
        closeDatabase();
        if (dialect == Dialect.SQLITE) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
                 Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test schema " + schema, e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
