package dev.quarry.accounting.payout;

/**
 * @param minimumPayoutSat          smallest payout allowed (0 allowed: then any positive amount)
 * @param hashratePriceSatPerThs    the provider's price for reinvest: satoshis per TH/s added to a contract
 */
public record PayoutConfig(long minimumPayoutSat, long hashratePriceSatPerThs) {
    public static final PayoutConfig DEFAULT = new PayoutConfig(100_000, 5_000_000);

    public PayoutConfig {
        if (minimumPayoutSat < 0) throw new IllegalArgumentException("minimum payout must be >= 0");
        if (hashratePriceSatPerThs < 1) throw new IllegalArgumentException("hashrate price must be >= 1 sat per TH/s");
    }
}
