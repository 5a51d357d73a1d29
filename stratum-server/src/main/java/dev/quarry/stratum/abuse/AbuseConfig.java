package dev.quarry.stratum.abuse;

import java.time.Duration;

/**
 * Limits against idle, slow and flooding clients. All durations positive.
 *
 * @param subscribeTimeout       a connection must send mining.subscribe within this time
 * @param idleTimeout            a connection that sends nothing for this long is closed
 * @param maxLineTime            a partial line may stay open at most this long (slowloris)
 * @param maxLineBytes           hard limit of one line
 * @param maxProtocolErrors      bad lines/requests tolerated per connection before it is closed
 * @param maxConnectionsPerIp    concurrent connections per source address
 * @param maxConnectsPerWindow   new connections per source address per {@code connectWindow}
 * @param connectWindow          window of the connection-rate limit
 * @param invalidShareLimit      rejected shares (stale excluded) within {@code invalidShareWindow} that cause a ban
 * @param invalidShareWindow     window of the invalid-share count
 * @param banDuration            how long a ban lasts
 */
public record AbuseConfig(Duration subscribeTimeout, Duration idleTimeout, Duration maxLineTime, int maxLineBytes,
                          int maxProtocolErrors, int maxConnectionsPerIp, int maxConnectsPerWindow, Duration connectWindow,
                          int invalidShareLimit, Duration invalidShareWindow, Duration banDuration) {

    public AbuseConfig {
        for (Duration d : new Duration[]{subscribeTimeout, idleTimeout, maxLineTime, connectWindow, invalidShareWindow, banDuration}) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("durations must be positive");
        }
        if (maxLineBytes < 1024) throw new IllegalArgumentException("maxLineBytes must be >= 1024 (a notify is ~1.5 KB)");
        if (maxProtocolErrors < 1 || maxConnectionsPerIp < 1 || maxConnectsPerWindow < 1 || invalidShareLimit < 1) {
            throw new IllegalArgumentException("limits must be >= 1");
        }
    }

    /** Production defaults. */
    public static AbuseConfig defaults() {
        return new AbuseConfig(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30), 16 * 1024,
                50, 256, 128, Duration.ofSeconds(10), 200, Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    public AbuseConfig withSubscribeTimeout(Duration d) {
        return new AbuseConfig(d, idleTimeout, maxLineTime, maxLineBytes, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration);
    }

    public AbuseConfig withIdleTimeout(Duration d) {
        return new AbuseConfig(subscribeTimeout, d, maxLineTime, maxLineBytes, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration);
    }

    public AbuseConfig withMaxLineTime(Duration d) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, d, maxLineBytes, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration);
    }

    public AbuseConfig withMaxLineBytes(int n) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, maxLineTime, n, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration);
    }

    public AbuseConfig withMaxProtocolErrors(int n) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, maxLineTime, maxLineBytes, n, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration);
    }

    public AbuseConfig withConnectionLimits(int perIp, int connectsPerWindow, Duration window) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, maxLineTime, maxLineBytes, maxProtocolErrors, perIp, connectsPerWindow, window, invalidShareLimit, invalidShareWindow, banDuration);
    }

    public AbuseConfig withInvalidShareBan(int limit, Duration window, Duration ban) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, maxLineTime, maxLineBytes, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, limit, window, ban);
    }
}
