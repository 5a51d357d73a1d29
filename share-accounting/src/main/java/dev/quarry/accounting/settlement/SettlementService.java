package dev.quarry.accounting.settlement;

import dev.quarry.accounting.ledger.Ledger;
import dev.quarry.accounting.model.Contract;
import dev.quarry.accounting.model.ContractStore;
import dev.quarry.accounting.pricing.BasisAccumulator;
import dev.quarry.accounting.pricing.CreditBasis;
import dev.quarry.accounting.pricing.DifficultySum;
import dev.quarry.accounting.pricing.ExpectedFees;
import dev.quarry.accounting.pricing.Rational;
import dev.quarry.accounting.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Closes settlement periods: reads the period's shares, prices them ({@link PeriodSettler}) and
 * writes, in ONE transaction, the settlement row, the exact credit bases, every account's outcome
 * (with the remainders it carries) and the ledger entries.
 *
 * <p>Which shares a period credits: the journal numbers shares ({@code seq}) in commit order. A
 * period credits every share with seq above the previous period's watermark up to the largest
 * seq of a share accepted before the period's end. A share accepted before the end but journaled
 * late is therefore credited in the next period, never lost; ranges are disjoint, so no share is
 * credited twice. The unique period start makes a second settlement of the same period fail.
 * Settle a period only after its end plus a short grace, so that in-flight shares are journaled.
 */
public final class SettlementService {

    private static final Logger log = LoggerFactory.getLogger(SettlementService.class);
    private static final int MAX_PERIODS_PER_CALL = 10_000;

    private final Database db;
    private final SettlementConfig config;
    private final Ledger ledger;
    private final Clock clock;
    private final PeriodSettler settler;

    public SettlementService(Database db, SettlementConfig config, Ledger ledger, Clock clock) {
        this.db = db;
        this.config = config;
        this.ledger = ledger;
        this.clock = clock;
        this.settler = new PeriodSettler(config);
    }

    public SettlementConfig config() {
        return config;
    }

    /** Records a block's total transaction fees (the FPPS window). Idempotent per height. */
    public void recordBlockFees(long height, long feesSat, Instant time) {
        if (feesSat < 0) throw new IllegalArgumentException("fees must be >= 0");
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO block_fee (height, fees_sat, time_ms) VALUES (?, ?, ?) ON CONFLICT (height) DO NOTHING")) {
                ps.setLong(1, height);
                ps.setLong(2, feesSat);
                ps.setLong(3, time.toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Settles every whole period that ended at or before {@code now}, oldest first. */
    public List<SettlementRecord> settleDue(Instant now) {
        List<SettlementRecord> done = new ArrayList<>();
        Optional<Long> next = nextPeriodStart();
        if (next.isEmpty()) return done;
        long start = next.get();
        long periodMs = config.period().toMillis();
        for (int i = 0; i < MAX_PERIODS_PER_CALL && start + periodMs <= now.toEpochMilli(); i++, start += periodMs) {
            done.add(settle(start));
        }
        return done;
    }

    /** Start of the next period to settle: after the last settlement, or the first period with shares or contracts. */
    public Optional<Long> nextPeriodStart() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(period_end_ms) FROM settlement");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long end = rs.getLong(1);
                if (!rs.wasNull()) return Optional.of(end);
            }
            Long first = null;
            for (String q : List.of("SELECT MIN(time_ms) FROM accepted_share", "SELECT MIN(start_ms) FROM contract")) {
                try (PreparedStatement ps = c.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    if (!rs.wasNull()) first = first == null ? v : Math.min(first, v);
                }
            }
            return Optional.ofNullable(first).map(config::periodStart);
        });
    }

    /**
     * How far settlement trails the journal, for monitoring.
     *
     * @param unsettledShares  journal sequence numbers above the last settlement's watermark (an upper
     *                         bound on shares not yet credited: the journal may skip a number after a retry)
     * @param overdueMillis    how long the oldest period that has ended has waited for settlement; 0 when
     *                         every ended period is settled
     * @param lastSettledEndMs end of the last settled period, or -1 before the first settlement
     */
    public record Backlog(long unsettledShares, long overdueMillis, long lastSettledEndMs) {
    }

    public Backlog backlog(Instant now) {
        long[] last = db.read(SettlementService::lastIdAndWatermark);
        long head = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM accepted_share");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1); // 0 when empty
            }
        });
        long lastEnd = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(period_end_ms) FROM settlement");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long end = rs.getLong(1);
                return rs.wasNull() ? -1L : end;
            }
        });
        long overdue = nextPeriodStart()
                .map(start -> Math.max(0, now.toEpochMilli() - (start + config.period().toMillis())))
                .orElse(0L);
        return new Backlog(Math.max(0, head - last[1]), overdue, lastEnd);
    }

    /** Settles the period starting at {@code periodStartMs}; it must be the next unsettled one. */
    public SettlementRecord settle(long periodStartMs) {
        if (periodStartMs != config.periodStart(periodStartMs)) throw new IllegalArgumentException("not a period start: " + periodStartMs);
        long periodEndMs = periodStartMs + config.period().toMillis();
        Optional<Long> expected = nextPeriodStart();
        if (expected.isPresent() && expected.get() != periodStartMs) {
            throw new IllegalStateException("next period to settle starts at " + Instant.ofEpochMilli(expected.get())
                    + ", not " + Instant.ofEpochMilli(periodStartMs));
        }
        long[] prev = db.read(SettlementService::lastIdAndWatermark);
        long id = prev[0] + 1;
        long seqFrom = prev[1];
        long seqTo = db.read(c -> watermark(c, seqFrom, periodEndMs));

        // Read and sum the shares outside the write transaction (the journal keeps writing meanwhile).
        BasisAccumulator acc = new BasisAccumulator(config.subsidy());
        db.stream(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT contract_id, n_bits, height, difficulty FROM accepted_share WHERE seq > ? AND seq <= ?")) {
                ps.setFetchSize(10_000);
                ps.setLong(1, seqFrom);
                ps.setLong(2, seqTo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) acc.add(rs.getString(1), (int) rs.getLong(2), rs.getLong(3), rs.getDouble(4));
                }
            }
            return null;
        });
        Rational expectedFees = db.read(c -> expectedFees(c, periodEndMs));

        SettlementRecord record = db.inTransaction(c -> {
            List<Contract> contracts = ContractStore.contracts(c);
            Map<String, CarryState> carries = carries(c);
            Map<String, List<CreditBasis>> bases = acc.byAccount();
            PeriodSettler.Result result = settler.settle(new PeriodSettler.Input(id, periodStartMs, periodEndMs,
                    contracts, bases, carries, expectedFees));
            insertSettlement(c, id, periodStartMs, periodEndMs, seqFrom, seqTo, expectedFees);
            insertBases(c, id, acc.bases());
            insertOutcomes(c, id, result.outcomes());
            ledger.post(c, result.ledger());
            Map<String, Contract> byId = new HashMap<>();
            contracts.forEach(k -> byId.put(k.id(), k));
            for (ContractOutcome o : result.outcomes()) {
                Contract k = byId.get(o.contractId());
                if (k != null && o.statusAfter() != null && o.statusAfter() != k.status()) {
                    ContractStore.setStatus(c, k.id(), o.statusAfter());
                    log.info("contract {} {} -> {} after settlement {}", k.id(), k.status(), o.statusAfter(), id);
                }
            }
            return new SettlementRecord(id, periodStartMs, periodEndMs, seqFrom, seqTo, result.outcomes());
        });
        log.info("settled period {} .. {}: shares seq ({}, {}], {} accounts", Instant.ofEpochMilli(periodStartMs),
                Instant.ofEpochMilli(periodEndMs), seqFrom, seqTo, record.outcomes().size());
        return record;
    }

    private static long[] lastIdAndWatermark(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, seq_to FROM settlement ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new long[]{rs.getLong(1), rs.getLong(2)} : new long[]{0, 0};
        }
    }

    private static long watermark(Connection c, long seqFrom, long periodEndMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM accepted_share WHERE seq > ? AND time_ms < ?")) {
            ps.setLong(1, seqFrom);
            ps.setLong(2, periodEndMs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long max = rs.getLong(1);
                return rs.wasNull() ? seqFrom : Math.max(seqFrom, max);
            }
        }
    }

    private Rational expectedFees(Connection c, long beforeMs) throws SQLException {
        List<Long> fees = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT fees_sat FROM block_fee WHERE time_ms < ? ORDER BY height DESC LIMIT ?")) {
            ps.setLong(1, beforeMs);
            ps.setInt(2, config.fppsWindowBlocks());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) fees.add(rs.getLong(1));
            }
        }
        return ExpectedFees.average(fees);
    }

    /** The carried state of every account: its row in the latest settlement that mentions it. */
    public static Map<String, CarryState> carries(Connection c) throws SQLException {
        Map<String, CarryState> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cs.contract_id, cs.pps_carry, cs.fee_carry, cs.maintenance_carry,"
                + " cs.unprofitable_streak FROM contract_settlement cs JOIN (SELECT contract_id, MAX(settlement_id) AS sid"
                + " FROM contract_settlement GROUP BY contract_id) m ON cs.contract_id = m.contract_id AND cs.settlement_id = m.sid");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new CarryState(Rational.parse(rs.getString(2)), Rational.parse(rs.getString(3)),
                        Rational.parse(rs.getString(4)), rs.getInt(5)));
            }
        }
        return out;
    }

    public CarryState carry(String account) {
        return db.read(c -> carries(c).getOrDefault(account, CarryState.INITIAL));
    }

    private void insertSettlement(Connection c, long id, long start, long end, long seqFrom, long seqTo, Rational fees) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO settlement (id, period_start_ms, period_end_ms, seq_from, seq_to,"
                + " scheme, fee_bps, expected_fees, closed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, start);
            ps.setLong(3, end);
            ps.setLong(4, seqFrom);
            ps.setLong(5, seqTo);
            ps.setString(6, config.scheme().name());
            ps.setInt(7, config.feeBps());
            ps.setString(8, fees.toString());
            ps.setLong(9, clock.millis());
            ps.executeUpdate();
        }
    }

    private static void insertBases(Connection c, long id, List<CreditBasis> bases) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO credit_basis (settlement_id, contract_id, n_bits, subsidy_sat,"
                + " share_count, difficulty_sum) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (CreditBasis b : bases) {
                ps.setLong(1, id);
                ps.setString(2, b.account());
                ps.setLong(3, Integer.toUnsignedLong(b.nBits()));
                ps.setLong(4, b.subsidySat());
                ps.setLong(5, b.difficulty().count());
                ps.setString(6, b.difficulty().toText());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertOutcomes(Connection c, long id, List<ContractOutcome> outcomes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO contract_settlement (settlement_id, contract_id, pps_credit_sat,"
                + " fee_credit_sat, pooled_credit_sat, maintenance_sat, net_sat, pps_carry, fee_carry, maintenance_carry,"
                + " unprofitable_streak, status_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ContractOutcome o : outcomes) {
                ps.setLong(1, id);
                ps.setString(2, o.contractId());
                ps.setLong(3, o.ppsCreditSat());
                ps.setLong(4, o.feeCreditSat());
                ps.setLong(5, o.pooledPpsSat() + o.pooledFeeSat());
                ps.setLong(6, o.maintenanceSat());
                ps.setLong(7, o.netSat());
                ps.setString(8, o.carryAfter().ppsCarry().toString());
                ps.setString(9, o.carryAfter().feeCarry().toString());
                ps.setString(10, o.carryAfter().maintenanceCarry().toString());
                ps.setInt(11, o.carryAfter().unprofitableStreak());
                ps.setString(12, o.statusAfter() == null ? "none" : o.statusAfter().dbName());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The exact credit bases of one account in one settlement (the audit trail from a ledger entry to its shares). */
    public List<CreditBasis> bases(long settlementId, String account) {
        return db.read(c -> {
            List<CreditBasis> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT n_bits, subsidy_sat, share_count, difficulty_sum FROM credit_basis"
                    + " WHERE settlement_id = ? AND contract_id = ? ORDER BY n_bits, subsidy_sat")) {
                ps.setLong(1, settlementId);
                ps.setString(2, account);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CreditBasis(account, (int) rs.getLong(1), rs.getLong(2), DifficultySum.parse(rs.getString(4), rs.getLong(3))));
                    }
                }
            }
            return out;
        });
    }

    /** Settled ranges, oldest first (retention uses them to tag aggregates). */
    public List<SettlementRecord> settlements() {
        return db.read(c -> {
            List<SettlementRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, period_start_ms, period_end_ms, seq_from, seq_to FROM settlement ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new SettlementRecord(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), List.of()));
            }
            return out;
        });
    }
}
