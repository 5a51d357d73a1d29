package dev.quarry.accounting.model;

import dev.quarry.accounting.store.Database;
import dev.quarry.pow.address.Network;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Holders and contracts in the database. Thin JDBC; validation lives in the records. */
public final class ContractStore {

    private static final String CONTRACT_COLUMNS = "id, holder_id, hashrate_mths, start_ms, end_ms, price_paid_sat, maintenance_fee_sat, kind, status";

    private final Database db;
    private final Clock clock;

    public ContractStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Holder createHolder(Holder h) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO holder (id, name, payout_address, network, created_ms) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, h.id());
                ps.setString(2, h.name());
                ps.setString(3, h.payoutAddress());
                ps.setString(4, h.network().name());
                ps.setLong(5, clock.millis());
                ps.executeUpdate();
            }
            return null;
        });
        return h;
    }

    public Optional<Holder> holder(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, payout_address, network FROM holder WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Holder(rs.getString(1), rs.getString(2), rs.getString(3), Network.valueOf(rs.getString(4))));
                }
            }
        });
    }

    public Holder requireHolder(String id) {
        return holder(id).orElseThrow(() -> new UnknownHolderException("no holder '" + id + "'"));
    }

    public Contract createContract(Contract k) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO contract (" + CONTRACT_COLUMNS
                    + ", created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, k.id());
                ps.setString(2, k.holderId());
                ps.setLong(3, k.hashrate().milliThs());
                ps.setLong(4, k.start().toEpochMilli());
                ps.setLong(5, k.end().toEpochMilli());
                ps.setLong(6, k.pricePaidSat());
                ps.setLong(7, k.maintenanceFeeSatPerThDay());
                ps.setString(8, k.kind().dbName());
                ps.setString(9, k.status().dbName());
                ps.setLong(10, clock.millis());
                ps.executeUpdate();
            }
            recordHashrateChange(c, k.id(), k.hashrate().milliThs(), "created", null);
            return null;
        });
        return k;
    }

    public Optional<Contract> contract(String id) {
        return db.read(c -> contract(c, id));
    }

    public Contract requireContract(String id) {
        return contract(id).orElseThrow(() -> new UnknownHolderException("no contract '" + id + "'"));
    }

    public static Optional<Contract> contract(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CONTRACT_COLUMNS + " FROM contract WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<Contract> contracts() {
        return db.read(ContractStore::contracts);
    }

    public List<Contract> contractsOf(String holderId) {
        return contracts().stream().filter(k -> k.holderId().equals(holderId)).toList();
    }

    public static List<Contract> contracts(Connection c) throws SQLException {
        List<Contract> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CONTRACT_COLUMNS + " FROM contract ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(read(rs));
        }
        return out;
    }

    public void setStatus(String contractId, ContractStatus status) {
        db.inTransaction(c -> {
            setStatus(c, contractId, status);
            return null;
        });
    }

    public static void setStatus(Connection c, String contractId, ContractStatus status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE contract SET status = ? WHERE id = ?")) {
            ps.setString(1, status.dbName());
            ps.setString(2, contractId);
            if (ps.executeUpdate() != 1) throw new UnknownHolderException("no contract '" + contractId + "'");
        }
    }

    /** Adds hashrate (reinvest) and records the change for audit, inside the caller's transaction. */
    public static void addHashrate(Connection c, String contractId, long deltaMths, String reason, String reference, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE contract SET hashrate_mths = hashrate_mths + ? WHERE id = ?")) {
            ps.setLong(1, deltaMths);
            ps.setString(2, contractId);
            if (ps.executeUpdate() != 1) throw new UnknownHolderException("no contract '" + contractId + "'");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO contract_hashrate_change (id, contract_id, delta_mths, reason, reference, created_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, contractId);
            ps.setLong(3, deltaMths);
            ps.setString(4, reason);
            ps.setString(5, reference);
            ps.setLong(6, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    private void recordHashrateChange(Connection c, String contractId, long delta, String reason, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO contract_hashrate_change (id, contract_id, delta_mths, reason, reference, created_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, contractId);
            ps.setLong(3, delta);
            ps.setString(4, reason);
            ps.setString(5, ref);
            ps.setLong(6, clock.millis());
            ps.executeUpdate();
        }
    }

    private static Contract read(ResultSet rs) throws SQLException {
        return new Contract(rs.getString(1), rs.getString(2), new Hashrate(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getLong(6), rs.getLong(7),
                ContractKind.fromDb(rs.getString(8)), ContractStatus.fromDb(rs.getString(9)));
    }
}
