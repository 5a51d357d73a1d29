package dev.quarry.api.data;

import dev.quarry.accounting.Accounting;
import dev.quarry.accounting.model.Contract;
import dev.quarry.accounting.model.Holder;
import dev.quarry.accounting.payout.IdempotencyConflictException;
import dev.quarry.accounting.payout.PayoutResult;
import dev.quarry.accounting.payout.RequestRefusedException;
import dev.quarry.accounting.pricing.DifficultySum;
import dev.quarry.accounting.pricing.PayoutScheme;
import dev.quarry.accounting.pricing.Rational;
import dev.quarry.accounting.pricing.SharePricing;
import dev.quarry.accounting.pricing.SubsidySchedule;
import dev.quarry.accounting.store.Database;
import dev.quarry.pow.address.BitcoinAddress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link HolderData} over the share-accounting storage: contracts, the share journal
 * ({@code accepted_share}, and its hourly roll-up {@code share_hour} for old periods), the ledger,
 * settlements and payouts. Reads are plain SQL on the accounting schema, every one restricted to
 * the holder's own contracts/account; writes go through the accounting services (payouts) except
 * the payout-address change, which is validated here with pow-core's address codec for the
 * holder's network before the single-row update.
 *
 * <p>Pooled contracts are credited from the farm's shares pro rata at settlement; those shares are
 * not any one contract's, so the share list and hashrate series cover dedicated contracts' own
 * shares (workers {@code <contract>.<rig>}), and pooled contracts show their credits in the ledger.
 */
public final class AccountingHolderData implements HolderData {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    /** Per-share credits are shown to 8 decimal places (rounded down); the ledger holds the exact sums. */
    private static final int CREDIT_SCALE = 8;

    private final Accounting accounting;
    private final Database db;
    private final SubsidySchedule subsidy;
    private final Map<String, ReentrantLock> payoutLocks = new ConcurrentHashMap<>();

    public AccountingHolderData(Accounting accounting) {
        this.accounting = accounting;
        this.db = accounting.database();
        this.subsidy = accounting.settlement().config().subsidy();
    }

    // ---- contracts ----

    @Override
    public List<ContractInfo> contracts(String holderId) {
        List<ContractInfo> out = new ArrayList<>();
        for (Contract c : accounting.contracts().contractsOf(holderId)) out.add(info(c));
        return out;
    }

    @Override
    public Optional<ContractInfo> contract(String holderId, String contractId) {
        return owned(holderId, contractId).map(AccountingHolderData::info);
    }

    private Optional<Contract> owned(String holderId, String contractId) {
        try {
            return accounting.contracts().contract(contractId).filter(c -> c.holderId().equals(holderId));
        } catch (IllegalArgumentException malformedId) {
            return Optional.empty();
        }
    }

    private static ContractInfo info(Contract c) {
        return new ContractInfo(c.id(), c.status().dbName(), c.kind().dbName(), c.hashrate().milliThs(),
                c.start().toEpochMilli(), c.end().toEpochMilli(), c.pricePaidSat(),
                // fee per TH/s per day × contracted TH/s, rounded down to whole satoshis for display
                BigDecimal.valueOf(c.maintenanceFeeSatPerThDay()).multiply(c.hashrate().ths()).setScale(0, RoundingMode.DOWN).longValueExact());
    }

    @Override
    public List<DifficultyBucket> difficultyBuckets(String holderId, String contractId, long fromMs, long toMs, long bucketMs) {
        if (owned(holderId, contractId).isEmpty()) return List.of();
        TreeMap<Long, DifficultySum> buckets = new TreeMap<>();
        db.stream(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT time_ms, difficulty FROM accepted_share"
                    + " WHERE contract_id = ? AND time_ms >= ? AND time_ms < ?")) {
                ps.setFetchSize(5_000);
                ps.setString(1, contractId);
                ps.setLong(2, fromMs);
                ps.setLong(3, toMs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long start = Math.floorDiv(rs.getLong(1), bucketMs) * bucketMs;
                        buckets.computeIfAbsent(start, k -> new DifficultySum()).add(rs.getDouble(2));
                    }
                }
            }
            // Shares older than the retention window live on as hourly aggregates: usable for hour and day buckets.
            if (bucketMs >= HOUR && bucketMs % HOUR == 0) {
                try (PreparedStatement ps = c.prepareStatement("SELECT hour_ms, share_count, difficulty_sum FROM share_hour"
                        + " WHERE contract_id = ? AND hour_ms >= ? AND hour_ms < ?")) {
                    ps.setString(1, contractId);
                    ps.setLong(2, fromMs);
                    ps.setLong(3, toMs);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long start = Math.floorDiv(rs.getLong(1), bucketMs) * bucketMs;
                            buckets.computeIfAbsent(start, k -> new DifficultySum()).add(DifficultySum.parse(rs.getString(3), rs.getLong(2)));
                        }
                    }
                }
            }
            return null;
        });
        List<DifficultyBucket> out = new ArrayList<>();
        buckets.forEach((start, sum) -> out.add(new DifficultyBucket(start, sum.value(), sum.count())));
        return out;
    }

    // ---- shares and workers ----

    private record SettlementTerms(long id, long seqFrom, long seqTo, String scheme, int feeBps, Rational expectedFees) {
    }

    private static List<SettlementTerms> settlementTerms(Connection c) throws SQLException {
        List<SettlementTerms> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, seq_from, seq_to, scheme, fee_bps, expected_fees FROM settlement ORDER BY seq_from");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SettlementTerms(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getInt(5), Rational.parse(rs.getString(6))));
            }
        }
        return out;
    }

    private static SettlementTerms settledBy(List<SettlementTerms> terms, long seq) {
        for (SettlementTerms t : terms) {
            if (seq > t.seqFrom && seq <= t.seqTo) return t;
        }
        return null;
    }

    @Override
    public SharePage shares(String holderId, ShareFilter f) {
        return db.read(c -> {
            List<SettlementTerms> terms = settlementTerms(c);
            StringBuilder sql = new StringBuilder("SELECT s.header_hash, s.seq, s.time_ms, s.contract_id, s.worker, s.difficulty,"
                    + " s.achieved_difficulty, s.n_bits, s.height, s.block_found FROM accepted_share s JOIN contract k ON k.id = s.contract_id"
                    + " WHERE k.holder_id = ? AND s.time_ms >= ? AND s.time_ms < ? AND s.seq < ?");
            if (f.contractId() != null) sql.append(" AND s.contract_id = ?");
            if (f.worker() != null) sql.append(" AND s.worker = ?");
            sql.append(" ORDER BY s.seq DESC LIMIT ?");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, holderId);
                ps.setLong(i++, f.fromMs());
                ps.setLong(i++, f.toMs());
                ps.setLong(i++, f.afterSeq());
                if (f.contractId() != null) ps.setString(i++, f.contractId());
                if (f.worker() != null) ps.setString(i++, f.worker());
                ps.setInt(i, f.limit() + 1);
                List<ShareInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(2);
                        double d = rs.getDouble(6);
                        int bits = (int) rs.getLong(8);
                        long height = rs.getLong(9);
                        SettlementTerms t = settledBy(terms, seq);
                        out.add(new ShareInfo(rs.getString(1), seq, rs.getLong(3), rs.getString(4), rs.getString(5), d,
                                rs.getDouble(7), bits, height, rs.getBoolean(10),
                                t == null ? null : credit(d, bits, height, t), t == null ? null : t.id));
                    }
                }
                if (out.size() > f.limit()) return new SharePage(out.subList(0, f.limit()), out.get(f.limit() - 1).seq());
                return new SharePage(out, null);
            }
        });
    }

    /** What this one share earned under its settlement's terms: the PPS value, plus the FPPS fee part under FPPS. */
    private String credit(double difficulty, int bits, long height, SettlementTerms t) {
        Rational d = Rational.of(new BigDecimal(difficulty));
        Rational v = SharePricing.value(d, bits, Rational.of(subsidy.subsidySat(height)), t.feeBps);
        if (PayoutScheme.FPPS.name().equals(t.scheme)) v = v.add(SharePricing.value(d, bits, t.expectedFees, t.feeBps));
        return v.toBigDecimal(CREDIT_SCALE, RoundingMode.DOWN).toPlainString();
    }

    @Override
    public List<WorkerActivity> workers(String holderId, long sinceMs) {
        return db.stream(c -> {
            Map<String, Object[]> acc = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.worker, s.contract_id, s.time_ms, s.difficulty FROM accepted_share s"
                    + " JOIN contract k ON k.id = s.contract_id WHERE k.holder_id = ? AND s.time_ms >= ?")) {
                ps.setFetchSize(5_000);
                ps.setString(1, holderId);
                ps.setLong(2, sinceMs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] a = acc.computeIfAbsent(rs.getString(1), w -> new Object[]{null, 0L, new DifficultySum(), 0.0});
                        a[0] = rs.getString(2);
                        if (rs.getLong(3) >= (Long) a[1]) {
                            a[1] = rs.getLong(3);
                            a[3] = rs.getDouble(4);
                        }
                        ((DifficultySum) a[2]).add(rs.getDouble(4));
                    }
                }
            }
            List<WorkerActivity> out = new ArrayList<>();
            acc.forEach((w, a) -> out.add(new WorkerActivity(w, (String) a[0], (Long) a[1], (Double) a[3],
                    ((DifficultySum) a[2]).value(), ((DifficultySum) a[2]).count())));
            return out;
        });
    }

    /** Every contract's and the farm's accepted shares since a time: Σ difficulty (exact) and distinct workers, for pool status. */
    public record PoolActivity(BigDecimal difficultySum, long shares, int workers) {
    }

    public PoolActivity poolActivity(long sinceMs) {
        return db.stream(c -> {
            DifficultySum sum = new DifficultySum();
            java.util.Set<String> workers = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT worker, difficulty FROM accepted_share WHERE time_ms >= ?")) {
                ps.setFetchSize(5_000);
                ps.setLong(1, sinceMs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (workers.size() < 1_000_000) workers.add(rs.getString(1));
                        sum.add(rs.getDouble(2));
                    }
                }
            }
            return new PoolActivity(sum.value(), sum.count(), workers.size());
        });
    }

    // ---- ledger ----

    @Override
    public LedgerPage ledger(String holderId, String cursor, int limit) {
        int offset;
        try {
            offset = cursor == null ? 0 : Integer.parseInt(cursor);
        } catch (NumberFormatException e) {
            throw new HolderDataException(HolderDataException.Kind.NOT_FOUND, "unknown ledger cursor");
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, txn_id, amount_sat, kind, contract_id, ref_type, ref_id, created_ms"
                    + " FROM ledger_entry WHERE account = ? ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?")) {
                ps.setString(1, Holder.accountOf(holderId));
                ps.setInt(2, limit + 1);
                ps.setInt(3, Math.max(0, offset));
                List<LedgerEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LedgerEntry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getLong(8)));
                    }
                }
                if (out.size() > limit) return new LedgerPage(out.subList(0, limit), Integer.toString(offset + limit));
                return new LedgerPage(out, null);
            }
        });
    }

    @Override
    public long balanceSats(String holderId) {
        return accounting.ledger().balance(Holder.accountOf(holderId));
    }

    @Override
    public List<DailyEarning> earningsPerDay(String holderId, long fromMs, long toMs) {
        return db.read(c -> {
            TreeMap<Long, long[]> days = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT created_ms, amount_sat, kind FROM ledger_entry"
                    + " WHERE account = ? AND created_ms >= ? AND created_ms < ?")) {
                ps.setString(1, Holder.accountOf(holderId));
                ps.setLong(2, fromMs);
                ps.setLong(3, toMs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] d = days.computeIfAbsent(Math.floorDiv(rs.getLong(1), DAY), k -> new long[2]);
                        String kind = rs.getString(3);
                        long amount = rs.getLong(2);
                        // Earnings are mining credits; payouts and reinvests are spending, not negative earnings.
                        if (kind.equals("pps_credit") || kind.equals("fpps_fee_credit")) d[0] += amount;
                        else if (kind.equals("maintenance_fee")) d[1] -= amount;
                    }
                }
            }
            List<DailyEarning> out = new ArrayList<>();
            days.forEach((day, v) -> out.add(new DailyEarning(LocalDate.ofEpochDay(day).toString(), v[0], v[1])));
            return out;
        });
    }

    // ---- settlements ----

    @Override
    public List<Settlement> settlements(String holderId, int limit) {
        return db.read(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT cs.settlement_id FROM contract_settlement cs"
                    + " JOIN contract k ON k.id = cs.contract_id WHERE k.holder_id = ? ORDER BY cs.settlement_id DESC LIMIT ?")) {
                ps.setString(1, holderId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getLong(1));
                }
            }
            List<Settlement> out = new ArrayList<>();
            for (long id : ids) settlement(c, holderId, id).ifPresent(out::add);
            return out;
        });
    }

    @Override
    public Optional<Settlement> settlement(String holderId, long settlementId) {
        return db.read(c -> settlement(c, holderId, settlementId));
    }

    private static Optional<Settlement> settlement(Connection c, String holderId, long id) throws SQLException {
        Map<String, long[]> counts = new HashMap<>();
        Map<String, DifficultySum> sums = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT b.contract_id, b.share_count, b.difficulty_sum FROM credit_basis b"
                + " JOIN contract k ON k.id = b.contract_id WHERE b.settlement_id = ? AND k.holder_id = ?")) {
            ps.setLong(1, id);
            ps.setString(2, holderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sums.computeIfAbsent(rs.getString(1), k -> new DifficultySum()).add(DifficultySum.parse(rs.getString(3), rs.getLong(2)));
                }
            }
        }
        List<SettlementLine> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cs.contract_id, cs.pps_credit_sat, cs.fee_credit_sat, cs.pooled_credit_sat,"
                + " cs.maintenance_sat, cs.net_sat FROM contract_settlement cs JOIN contract k ON k.id = cs.contract_id"
                + " WHERE cs.settlement_id = ? AND k.holder_id = ? ORDER BY cs.contract_id")) {
            ps.setLong(1, id);
            ps.setString(2, holderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DifficultySum s = sums.getOrDefault(rs.getString(1), new DifficultySum());
                    lines.add(new SettlementLine(rs.getString(1), s.count(), s.value().toPlainString(), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                }
            }
        }
        if (lines.isEmpty()) return Optional.empty();
        try (PreparedStatement ps = c.prepareStatement("SELECT period_start_ms, period_end_ms, scheme, fee_bps FROM settlement WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Settlement(id, rs.getLong(1), rs.getLong(2), rs.getString(3).toLowerCase(java.util.Locale.ROOT), rs.getInt(4), lines));
            }
        }
    }

    // ---- payouts ----

    private static final String PAYOUT_COLUMNS = "id, amount_sat, address, status, txid, error, created_ms";

    private static Payout payoutRow(ResultSet rs) throws SQLException {
        return new Payout(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7));
    }

    @Override
    public List<Payout> payouts(String holderId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PAYOUT_COLUMNS + " FROM payout WHERE holder_id = ? ORDER BY created_ms DESC, id LIMIT ?")) {
                ps.setString(1, holderId);
                ps.setInt(2, limit);
                List<Payout> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(payoutRow(rs));
                }
                return out;
            }
        });
    }

    @Override
    public Optional<Payout> payout(String holderId, String payoutId) {
        return onePayout("SELECT " + PAYOUT_COLUMNS + " FROM payout WHERE holder_id = ? AND id = ?", holderId, payoutId);
    }

    @Override
    public Optional<Payout> payoutByIdempotencyKey(String holderId, String idempotencyKey) {
        return onePayout("SELECT " + PAYOUT_COLUMNS + " FROM payout WHERE holder_id = ? AND idempotency_key = ?", holderId, idempotencyKey);
    }

    private Optional<Payout> onePayout(String sql, String holderId, String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, holderId);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(payoutRow(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public PayoutOutcome requestPayout(String holderId, String idempotencyKey, long amountSats, String address) {
        // Serialise per holder here too, so "was it new?" is answered for exactly the call that created it.
        ReentrantLock lock = payoutLocks.computeIfAbsent(holderId, h -> new ReentrantLock());
        lock.lock();
        try {
            boolean existed = payoutByIdempotencyKey(holderId, idempotencyKey).isPresent();
            PayoutResult r = accounting.payouts().requestPayout(holderId, idempotencyKey, amountSats);
            Payout p = payout(holderId, r.payoutId()).orElseThrow(() -> new IllegalStateException("payout " + r.payoutId() + " vanished"));
            return new PayoutOutcome(p, !existed);
        } catch (IdempotencyConflictException e) {
            throw new HolderDataException(HolderDataException.Kind.IDEMPOTENCY_CONFLICT,
                    "Idempotency-Key already used with a different request");
        } catch (RequestRefusedException e) {
            throw new HolderDataException(e.reason() == RequestRefusedException.Reason.INSUFFICIENT_BALANCE
                    ? HolderDataException.Kind.INSUFFICIENT_BALANCE : HolderDataException.Kind.INVALID_AMOUNT, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String payoutAddress(String holderId) {
        return accounting.contracts().holder(holderId).map(Holder::payoutAddress).orElse(null);
    }

    @Override
    public void changePayoutAddress(String holderId, String address) {
        Holder h = accounting.contracts().holder(holderId)
                .orElseThrow(() -> new HolderDataException(HolderDataException.Kind.NOT_FOUND, "unknown holder"));
        String canonical;
        try {
            canonical = BitcoinAddress.parse(address, h.network()).toString();
        } catch (IllegalArgumentException e) {
            throw new HolderDataException(HolderDataException.Kind.INVALID_ADDRESS, e.getMessage());
        }
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE holder SET payout_address = ? WHERE id = ?")) {
                ps.setString(1, canonical);
                ps.setString(2, holderId);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
