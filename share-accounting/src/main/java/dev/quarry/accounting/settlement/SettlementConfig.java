package dev.quarry.accounting.settlement;

import dev.quarry.accounting.pricing.PayoutScheme;
import dev.quarry.accounting.pricing.SharePricing;
import dev.quarry.accounting.pricing.SubsidySchedule;

import java.time.Duration;
import java.util.Objects;

/**
 * @param period                     settlement period; periods are aligned to the Unix epoch in UTC, so
 *                                   the default of one day closes at 00:00 UTC
 * @param scheme                     PPS or FPPS
 * @param feeBps                     pool fee in basis points (250 = 2.5 %)
 * @param subsidy                    block subsidy schedule
 * @param fppsWindowBlocks           FPPS: expected fees = mean fees of the last this-many recorded blocks
 * @param suspendAfterUnprofitable   consecutive unprofitable periods (days by default) after which a contract is suspended
 * @param farmAccount                worker account name of the provider's hosted farm (pooled contracts' source)
 * @param shareRetention             individual shares older than this are rolled into hourly aggregates
 */
public record SettlementConfig(Duration period, PayoutScheme scheme, int feeBps, SubsidySchedule subsidy,
                               int fppsWindowBlocks, int suspendAfterUnprofitable, String farmAccount,
                               Duration shareRetention) {

    public static final SettlementConfig DEFAULT = new SettlementConfig(Duration.ofDays(1), PayoutScheme.PPS, 0,
            SubsidySchedule.BITCOIN, 144, 3, "farm", Duration.ofDays(30));

    public SettlementConfig {
        Objects.requireNonNull(period, "period");
        if (period.toMillis() < 1_000 || Duration.ofDays(1).toMillis() % period.toMillis() != 0 && period.toMillis() % Duration.ofDays(1).toMillis() != 0) {
            throw new IllegalArgumentException("settlement period must divide a day or be whole days, got " + period);
        }
        Objects.requireNonNull(scheme, "scheme");
        SharePricing.checkFee(feeBps);
        Objects.requireNonNull(subsidy, "subsidy");
        if (fppsWindowBlocks < 1) throw new IllegalArgumentException("fppsWindowBlocks must be >= 1");
        if (suspendAfterUnprofitable < 1) throw new IllegalArgumentException("suspendAfterUnprofitable must be >= 1");
        Objects.requireNonNull(farmAccount, "farmAccount");
        Objects.requireNonNull(shareRetention, "shareRetention");
        if (shareRetention.isNegative()) throw new IllegalArgumentException("shareRetention must be >= 0");
    }

    public SettlementConfig withScheme(PayoutScheme s, int fee) {
        return new SettlementConfig(period, s, fee, subsidy, fppsWindowBlocks, suspendAfterUnprofitable, farmAccount, shareRetention);
    }

    public SettlementConfig withPeriod(Duration p) {
        return new SettlementConfig(p, scheme, feeBps, subsidy, fppsWindowBlocks, suspendAfterUnprofitable, farmAccount, shareRetention);
    }

    public SettlementConfig withSuspendAfter(int n) {
        return new SettlementConfig(period, scheme, feeBps, subsidy, fppsWindowBlocks, n, farmAccount, shareRetention);
    }

    public SettlementConfig withRetention(Duration r) {
        return new SettlementConfig(period, scheme, feeBps, subsidy, fppsWindowBlocks, suspendAfterUnprofitable, farmAccount, r);
    }

    /** Start of the period containing {@code epochMs} (UTC, epoch-aligned). */
    public long periodStart(long epochMs) {
        return Math.floorDiv(epochMs, period.toMillis()) * period.toMillis();
    }
}
