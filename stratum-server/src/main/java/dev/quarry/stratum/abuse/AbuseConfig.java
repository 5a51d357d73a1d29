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
 * @param slowReaderTimeout      a connection whose outbound buffer stays above the high-water mark this long is closed
 *                               (a miner that stopped reading must not hold memory nor slow broadcasts)
 */
public record AbuseConfig(Duration subscribeTimeout, Duration idleTimeout, Duration maxLineTime, int maxLineBytes,
                          int maxProtocolErrors, int maxConnectionsPerIp, int maxConnectsPerWindow, Duration connectWindow,
                          int invalidShareLimit, Duration invalidShareWindow, Duration banDuration, Duration slowReaderTimeout) {

    public AbuseConfig {
        for (Duration d : new Duration[]{subscribeTimeout, idleTimeout, maxLineTime, connectWindow, invalidShareWindow, banDuration, slowReaderTimeout}) {
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
                50, 10_000, 1_000, Duration.ofSeconds(10), 200, Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    public AbuseConfig withSubscribeTimeout(Duration d) {
        return new AbuseConfig(d, idleTimeout, maxLineTime, maxLineBytes, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration, slowReaderTimeout);
    }

    public AbuseConfig withIdleTimeout(Duration d) {
        return new AbuseConfig(subscribeTimeout, d, maxLineTime, maxLineBytes, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration, slowReaderTimeout);
    }

    public AbuseConfig withMaxLineTime(Duration d) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, d, maxLineBytes, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration, slowReaderTimeout);
    }

    public AbuseConfig withMaxLineBytes(int n) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, maxLineTime, n, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration, slowReaderTimeout);
    }

    public AbuseConfig withMaxProtocolErrors(int n) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, maxLineTime, maxLineBytes, n, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration, slowReaderTimeout);
    }

    public AbuseConfig withConnectionLimits(int perIp, int connectsPerWindow, Duration window) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, maxLineTime, maxLineBytes, maxProtocolErrors, perIp, connectsPerWindow, window, invalidShareLimit, invalidShareWindow, banDuration, slowReaderTimeout);
    }

    public AbuseConfig withSlowReaderTimeout(Duration d) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, maxLineTime, maxLineBytes, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, invalidShareLimit, invalidShareWindow, banDuration, d);
    }

    public AbuseConfig withInvalidShareBan(int limit, Duration window, Duration ban) {
        return new AbuseConfig(subscribeTimeout, idleTimeout, maxLineTime, maxLineBytes, maxProtocolErrors, maxConnectionsPerIp, maxConnectsPerWindow, connectWindow, limit, window, ban, slowReaderTimeout);
    }
}
