package dev.quarry.simulate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Everything one {@code quarry simulate} run needs; validated on construction. */
public record FleetConfig(StratumUrl url, int miners, ProfileMix profiles, ShareMode mode, double ratePerMiner,
                          Duration duration, double rampPerSecond, String usernameTemplate, String password,
                          int sourceIps, int ioThreads, int hashThreads, long hashrateCapPerMiner,
                          Set<String> allowedHosts, long seed, Path jsonSummary, boolean progress, Duration grace,
                          Duration warmup) {

    public static final int MAX_MINERS = 200_000;
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    public FleetConfig {
        if (miners < 1 || miners > MAX_MINERS) throw new IllegalArgumentException("--miners must be 1.." + MAX_MINERS + ": " + miners);
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("--duration must be > 0 and at most 24h: " + duration);
        }
        if (mode == ShareMode.SYNTHETIC && !(ratePerMiner > 0 && ratePerMiner <= 1000)) {
            throw new IllegalArgumentException("--rate must be in (0, 1000] shares/s per miner: " + ratePerMiner);
        }
        if (!(rampPerSecond > 0)) throw new IllegalArgumentException("--ramp must be > 0 connections/s: " + rampPerSecond);
        if (sourceIps < 1 || sourceIps > 254) throw new IllegalArgumentException("--source-ips must be 1..254: " + sourceIps);
        if (ioThreads < 1 || ioThreads > 64) throw new IllegalArgumentException("--io-threads must be 1..64: " + ioThreads);
        if (hashThreads < 1 || hashThreads > 64) throw new IllegalArgumentException("--hash-threads must be 1..64: " + hashThreads);
        if (hashrateCapPerMiner < 0) throw new IllegalArgumentException("--hashrate must be >= 0 (0 = no cap): " + hashrateCapPerMiner);
        if (warmup == null || warmup.isNegative() || warmup.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--warmup must be >= 0 and shorter than --duration: " + warmup);
        }
        if (usernameTemplate == null || usernameTemplate.isEmpty()) throw new IllegalArgumentException("--username is empty");
        new HostPolicy(allowedHosts).check(url.host());
    }

    /** {@code demo.rig{n}} → {@code demo.rig7} for miner 7. */
    public String usernameFor(int index) {
        return usernameTemplate.replace("{n}", Integer.toString(index));
    }
}
