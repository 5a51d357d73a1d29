package dev.quarry.api.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AuthStore} over JDBC (SQLite file by default, PostgreSQL works with the same SQL). The two
 * tables are created if missing; they hold only sealed secrets.
 */
public final class JdbcAuthStore implements AuthStore {

    /** Opens a connection; the store closes it after each call. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory connections;

    public JdbcAuthStore(ConnectionFactory connections) {
        this.connections = connections;
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS api_keys ("
                    + " key_id VARCHAR(64) PRIMARY KEY, holder_id VARCHAR(128) NOT NULL, label VARCHAR(200) NOT NULL,"
                    + " scopes VARCHAR(64) NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT NOT NULL,"
                    + " sealed_secret BYTEA NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS holder_totp ("
                    + " holder_id VARCHAR(128) PRIMARY KEY, sealed_seed BYTEA NOT NULL, confirmed BOOLEAN NOT NULL,"
                    + " last_used_step BIGINT NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create API key tables: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void insertKey(StoredKey k) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_keys(key_id, holder_id, label, scopes, created_at, revoked_at, sealed_secret) VALUES (?,?,?,?,?,?,?)")) {
            ApiKey a = k.key();
            ps.setString(1, a.keyId());
            ps.setString(2, a.holderId());
            ps.setString(3, a.label());
            ps.setString(4, Scope.encode(a.scopes()));
            ps.setLong(5, a.createdAt());
            ps.setLong(6, a.revokedAt());
            ps.setBytes(7, k.sealedSecret());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store API key: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<StoredKey> findKey(String keyId) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT key_id, holder_id, label, scopes, created_at, revoked_at, sealed_secret FROM api_keys WHERE key_id = ?")) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new StoredKey(key(rs), rs.getBytes(7)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read API key: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<ApiKey> listKeys(String holderId) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT key_id, holder_id, label, scopes, created_at, revoked_at FROM api_keys WHERE holder_id = ? ORDER BY created_at, key_id")) {
            ps.setString(1, holderId);
            List<ApiKey> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(key(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list API keys: " + e.getMessage(), e);
        }
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), Scope.decode(rs.getString(4)),
                rs.getLong(5), rs.getLong(6));
    }

    @Override
    public synchronized boolean revokeKey(String holderId, String keyId, long revokedAt) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(
                "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND holder_id = ? AND revoked_at = 0")) {
            ps.setLong(1, revokedAt);
            ps.setString(2, keyId);
            ps.setString(3, holderId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke API key: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void putTotp(StoredTotp t) {
        try (Connection c = connections.open()) {
            // Replace atomically: a crash between delete and insert must not leave the holder without a seed row.
            c.setAutoCommit(false);
            try {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM holder_totp WHERE holder_id = ?")) {
                    del.setString(1, t.holderId());
                    del.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO holder_totp(holder_id, sealed_seed, confirmed, last_used_step) VALUES (?,?,?,?)")) {
                    ps.setString(1, t.holderId());
                    ps.setBytes(2, t.sealedSeed());
                    ps.setBoolean(3, t.confirmed());
                    ps.setLong(4, t.lastUsedStep());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store TOTP seed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<StoredTotp> findTotp(String holderId) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT holder_id, sealed_seed, confirmed, last_used_step FROM holder_totp WHERE holder_id = ?")) {
            ps.setString(1, holderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new StoredTotp(rs.getString(1), rs.getBytes(2), rs.getBoolean(3), rs.getLong(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read TOTP seed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean markTotpStepUsed(String holderId, long step) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(
                "UPDATE holder_totp SET last_used_step = ?, confirmed = ? WHERE holder_id = ? AND last_used_step < ?")) {
            ps.setLong(1, step);
            ps.setBoolean(2, true);
            ps.setString(3, holderId);
            ps.setLong(4, step);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update TOTP state: " + e.getMessage(), e);
        }
    }
}
