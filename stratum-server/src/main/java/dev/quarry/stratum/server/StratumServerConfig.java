package dev.quarry.stratum.server;

import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.share.ShareValidationPath;

import java.util.List;

/**
 * @param ports                 listening ports (at least one)
 * @param abuse                 timeouts, limits and bans
 * @param versionMask           the pool's BIP310 version-rolling mask (BIP320 default 0x1fffe000)
 * @param ioThreads             event-loop threads (0 = Netty default, 2 x cores)
 * @param preferNativeTransport use epoll where available (Linux), NIO otherwise
 * @param shareValidation       hashing of shares: what the JVM chose (-Dquarry.native), or Java whatever it chose
 */
public record StratumServerConfig(List<PortConfig> ports, AbuseConfig abuse, int versionMask, int ioThreads, boolean preferNativeTransport,
                                  ShareValidationPath shareValidation) {

    public static final int BIP320_MASK = 0x1fffe000;

    public StratumServerConfig {
        ports = List.copyOf(ports);
        if (ports.isEmpty()) throw new IllegalArgumentException("at least one port");
        if (ports.stream().map(PortConfig::name).distinct().count() != ports.size()) throw new IllegalArgumentException("port names must be unique");
        if (ioThreads < 0) throw new IllegalArgumentException("ioThreads must be >= 0");
        if (shareValidation == null) throw new IllegalArgumentException("shareValidation must be given");
    }

    public StratumServerConfig(List<PortConfig> ports, AbuseConfig abuse, int versionMask, int ioThreads, boolean preferNativeTransport) {
        this(ports, abuse, versionMask, ioThreads, preferNativeTransport, ShareValidationPath.AUTO);
    }

    public static StratumServerConfig of(List<PortConfig> ports) {
        return new StratumServerConfig(ports, AbuseConfig.defaults(), BIP320_MASK, 0, true, ShareValidationPath.AUTO);
    }

    public StratumServerConfig withAbuse(AbuseConfig a) {
        return new StratumServerConfig(ports, a, versionMask, ioThreads, preferNativeTransport, shareValidation);
    }

    public StratumServerConfig withIoThreads(int n) {
        return new StratumServerConfig(ports, abuse, versionMask, n, preferNativeTransport, shareValidation);
    }

    public StratumServerConfig withNativeTransport(boolean prefer) {
        return new StratumServerConfig(ports, abuse, versionMask, ioThreads, prefer, shareValidation);
    }

    public StratumServerConfig withShareValidation(ShareValidationPath path) {
        return new StratumServerConfig(ports, abuse, versionMask, ioThreads, preferNativeTransport, path);
    }
}
