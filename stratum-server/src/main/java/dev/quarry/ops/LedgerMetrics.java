package dev.quarry.ops;

import dev.quarry.accounting.Accounting;
import dev.quarry.accounting.payout.PayoutStatus;
import dev.quarry.accounting.settlement.SettlementService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How far the ledger trails the journal, and payouts by status — read from the database, at most
 * once per {@code maxAge} however often Prometheus scrapes:
 * <ul>
 * <li>{@code quarry_ledger_settlement_overdue_seconds}: how long the oldest ended period has waited
 *     for settlement; 0 when healthy (settlement runs every minute), so alert when it exceeds ~15 min;</li>
 * <li>{@code quarry_ledger_unsettled_shares}: journaled shares not yet credited (an upper bound);</li>
 * <li>{@code quarry_ledger_last_settled_period_end_timestamp_seconds};</li>
 * <li>{@code quarry_payouts{status}}: payouts in each status (pending ones wait for the wallet).</li>
 * </ul>
 * When the database cannot be read the gauges show NaN (and /health/ready fails). The gauges hold
 * this object strongly (Micrometer's default is a weak reference, and nothing else keeps it).
 */
public final class LedgerMetrics {

    private static final Logger log = LoggerFactory.getLogger(LedgerMetrics.class);

    private record Snapshot(SettlementService.Backlog backlog, Map<PayoutStatus, Long> payouts, long takenMillis) {
    }

    private final Accounting accounting;
    private final Clock clock;
    private final long maxAgeMillis;
    private Snapshot snapshot; // guarded by this

    public LedgerMetrics(MeterRegistry registry, Accounting accounting, Clock clock, Duration maxAge) {
        this.accounting = accounting;
        this.clock = clock;
        this.maxAgeMillis = maxAge.toMillis();
        Gauge.builder("quarry.ledger.settlement.overdue", this, m -> m.backlogValue(b -> b.overdueMillis() / 1000.0)).baseUnit("seconds").strongReference(true)
                .description("how long the oldest ended settlement period has waited; 0 when settlement is current").register(registry);
        Gauge.builder("quarry.ledger.unsettled", this, m -> m.backlogValue(b -> (double) b.unsettledShares())).baseUnit("shares").strongReference(true)
                .description("journaled shares above the last settlement's watermark (upper bound)").register(registry);
        Gauge.builder("quarry.ledger.last.settled.period.end.timestamp", this,
                        m -> m.backlogValue(b -> b.lastSettledEndMs() < 0 ? Double.NaN : b.lastSettledEndMs() / 1000.0))
                .baseUnit("seconds").strongReference(true).description("end of the last settled period (Unix time)").register(registry);
        for (PayoutStatus s : PayoutStatus.values()) {
            Gauge.builder("quarry.payouts", this, m -> m.payoutCount(s)).tag("status", s.dbName()).strongReference(true)
                    .description("payouts by status").register(registry);
        }
    }

    private double backlogValue(java.util.function.ToDoubleFunction<SettlementService.Backlog> f) {
        Snapshot s = current();
        return s == null ? Double.NaN : f.applyAsDouble(s.backlog());
    }

    private double payoutCount(PayoutStatus status) {
        Snapshot s = current();
        return s == null ? Double.NaN : s.payouts().getOrDefault(status, 0L);
    }

    private synchronized Snapshot current() {
        long now = clock.millis();
        if (snapshot != null && now - snapshot.takenMillis() < maxAgeMillis) return snapshot;
        try {
            snapshot = new Snapshot(accounting.settlement().backlog(clock.instant()),
                    new EnumMap<>(accounting.payouts().countByStatus()), now);
        } catch (RuntimeException e) {
            log.debug("ledger metrics unavailable: {}", e.toString());
            snapshot = null;
        }
        return snapshot;
    }
}
