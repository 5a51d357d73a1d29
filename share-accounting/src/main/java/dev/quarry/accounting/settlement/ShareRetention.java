package dev.quarry.accounting.settlement;

import dev.quarry.accounting.pricing.DifficultySum;
import dev.quarry.accounting.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolls individual shares older than the retention window into per-contract per-hour aggregates
 * ({@code share_hour}, kept forever) and deletes them. Only shares that a settlement already
 * credited are rolled up, and each aggregate row belongs to exactly one settlement, so the exact
 * difficulty sums behind every credit ({@code credit_basis}) stay reproducible from
 * {@code share_hour} after the shares are gone.
 *
 * <p>Works in chunks of {@link #CHUNK} shares, one transaction each (aggregate + delete together),
 * so the journal is never blocked for long and a crash leaves nothing half rolled up.
 */
public final class ShareRetention {

    private static final Logger log = LoggerFactory.getLogger(ShareRetention.class);
    static final int CHUNK = 20_000;
    private static final long HOUR_MS = 3_600_000L;

    private final Database db;
    private final SettlementService settlements;

    public ShareRetention(Database db, SettlementService settlements) {
        this.db = db;
        this.settlements = settlements;
    }

    private record Key(String contract, long hourMs, long nBits, long height, long settlementId) {
    }

    private static final class Agg {
        final DifficultySum sum = new DifficultySum();
        long blocks;
        long minSeq = Long.MAX_VALUE;
        long maxSeq = Long.MIN_VALUE;
    }

    /** Rolls up every settled share accepted before {@code now − retention}. Returns how many shares were rolled up. */
    public long rollUp(Instant now) {
        long cutoff = now.toEpochMilli() - settlements.config().shareRetention().toMillis();
        List<SettlementRecord> settled = settlements.settlements();
        if (settled.isEmpty()) return 0;
        long settledTo = settled.get(settled.size() - 1).seqTo();
        long total = 0;
        long after = 0;
        for (int guard = 0; guard < 1_000_000; guard++) {
            final long from = after;
            long[] chunk = db.inTransaction(c -> rollUpChunk(c, from, settledTo, cutoff, settled));
            if (chunk[0] == 0) break;
            total += chunk[0];
            after = chunk[1];
        }
        if (total > 0) log.info("rolled {} shares older than {} into hourly aggregates", total, Instant.ofEpochMilli(cutoff));
        return total;
    }

    private long[] rollUpChunk(Connection c, long afterSeq, long settledTo, long cutoff, List<SettlementRecord> settled) throws SQLException {
        Map<Key, Agg> aggs = new LinkedHashMap<>();
        long count = 0;
        long maxSeq = afterSeq;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, contract_id, time_ms, n_bits, height, difficulty, block_found"
                + " FROM accepted_share WHERE seq > ? AND seq <= ? AND time_ms < ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, settledTo);
            ps.setLong(3, cutoff);
            ps.setInt(4, CHUNK);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    Key k = new Key(rs.getString(2), Math.floorDiv(rs.getLong(3), HOUR_MS) * HOUR_MS, rs.getLong(4), rs.getLong(5),
                            settlementOf(seq, settled));
                    Agg a = aggs.computeIfAbsent(k, x -> new Agg());
                    a.sum.add(rs.getDouble(6));
                    if (rs.getBoolean(7)) a.blocks++;
                    a.minSeq = Math.min(a.minSeq, seq);
                    a.maxSeq = Math.max(a.maxSeq, seq);
                    maxSeq = Math.max(maxSeq, seq);
                    count++;
                }
            }
        }
        if (count == 0) return new long[]{0, afterSeq};
        for (Map.Entry<Key, Agg> e : aggs.entrySet()) merge(c, e.getKey(), e.getValue());
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM accepted_share WHERE seq > ? AND seq <= ? AND time_ms < ?")) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, maxSeq);
            ps.setLong(3, cutoff);
            int deleted = ps.executeUpdate();
            if (deleted != count) throw new IllegalStateException("rolled up " + count + " shares but would delete " + deleted);
        }
        return new long[]{count, maxSeq};
    }

    /** Adds to an existing aggregate row (an hour rolled up in two runs) or inserts a new one. */
    private static void merge(Connection c, Key k, Agg a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT share_count, difficulty_sum, blocks_found, min_seq, max_seq FROM share_hour"
                + " WHERE contract_id = ? AND hour_ms = ? AND n_bits = ? AND height = ? AND settlement_id = ?")) {
            bindKey(ps, k, 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    DifficultySum sum = DifficultySum.parse(rs.getString(2), rs.getLong(1)).add(a.sum);
                    long blocks = rs.getLong(3) + a.blocks;
                    long min = Math.min(rs.getLong(4), a.minSeq);
                    long max = Math.max(rs.getLong(5), a.maxSeq);
                    try (PreparedStatement up = c.prepareStatement("UPDATE share_hour SET share_count = ?, difficulty_sum = ?, blocks_found = ?,"
                            + " min_seq = ?, max_seq = ? WHERE contract_id = ? AND hour_ms = ? AND n_bits = ? AND height = ? AND settlement_id = ?")) {
                        up.setLong(1, sum.count());
                        up.setString(2, sum.toText());
                        up.setLong(3, blocks);
                        up.setLong(4, min);
                        up.setLong(5, max);
                        bindKey(up, k, 6);
                        up.executeUpdate();
                    }
                    return;
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO share_hour (contract_id, hour_ms, n_bits, height, settlement_id,"
                + " share_count, difficulty_sum, blocks_found, min_seq, max_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindKey(ins, k, 1);
            ins.setLong(6, a.sum.count());
            ins.setString(7, a.sum.toText());
            ins.setLong(8, a.blocks);
            ins.setLong(9, a.minSeq);
            ins.setLong(10, a.maxSeq);
            ins.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement ps, Key k, int first) throws SQLException {
        ps.setString(first, k.contract());
        ps.setLong(first + 1, k.hourMs());
        ps.setLong(first + 2, k.nBits());
        ps.setLong(first + 3, k.height());
        ps.setLong(first + 4, k.settlementId());
    }

    private static long settlementOf(long seq, List<SettlementRecord> settled) {
        int lo = 0, hi = settled.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            SettlementRecord s = settled.get(mid);
            if (seq <= s.seqFrom()) hi = mid - 1;
            else if (seq > s.seqTo()) lo = mid + 1;
            else return s.id();
        }
        throw new IllegalStateException("share seq " + seq + " is in no settlement");
    }
}
