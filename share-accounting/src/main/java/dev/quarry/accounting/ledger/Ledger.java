package dev.quarry.accounting.ledger;

import dev.quarry.accounting.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The append-only double-entry ledger. There is no update and no delete: corrections are new
 * entries (kind {@code adjustment}). Balances are sums of entries.
 */
public final class Ledger {

    private final Database db;
    private final Clock clock;

    public Ledger(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Posts {@code txn} inside the caller's transaction {@code c}. */
    public void post(Connection c, LedgerTransaction txn) throws SQLException {
        if (txn.isEmpty()) return;
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_entry (id, txn_id, account, amount_sat, kind,"
                + " contract_id, ref_type, ref_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LedgerTransaction.Posting p : txn.postings()) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, txn.id());
                ps.setString(3, p.account());
                ps.setLong(4, p.amountSat());
                ps.setString(5, p.kind().dbName());
                ps.setString(6, p.contractId());
                ps.setString(7, txn.refType());
                ps.setString(8, txn.refId());
                ps.setLong(9, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void post(LedgerTransaction txn) {
        db.inTransaction(c -> {
            post(c, txn);
            return null;
        });
    }

    public long balance(String account) {
        return db.read(c -> balance(c, account));
    }

    public static long balance(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(amount_sat), 0) FROM ledger_entry WHERE account = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public List<LedgerEntry> entries(String account) {
        return db.read(c -> {
            List<LedgerEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, txn_id, account, amount_sat, kind, contract_id, ref_type, ref_id,"
                    + " created_ms FROM ledger_entry WHERE account = ? ORDER BY created_ms, id")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LedgerEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                EntryKind.fromDb(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9)));
                    }
                }
            }
            return out;
        });
    }

    /** Sum over ALL entries; zero in a consistent ledger (every transaction balances). */
    public long trialBalance() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(amount_sat), 0) FROM ledger_entry");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
