package dev.quarry.api.routes;

/**
 * Tunables of the holder API.
 *
 * @param maxBodyBytes              largest request body an API route accepts (413 beyond)
 * @param payoutTotpThresholdSats   payouts above this amount need a TOTP code (0 = every payout)
 * @param ipBurst                   token-bucket capacity per client IP
 * @param ipPerSecond               refill per client IP
 * @param keyBurst                  token-bucket capacity per API key
 * @param keyPerSecond              refill per API key
 */
public record ApiSettings(int maxBodyBytes, long payoutTotpThresholdSats, int ipBurst, double ipPerSecond,
                          int keyBurst, double keyPerSecond) {

    public static ApiSettings defaults() {
        return new ApiSettings(16 * 1024, 1_000_000L, 120, 20, 60, 10);
    }
}
