package dev.quarry.cli;

import dev.quarry.simulate.Fleet;
import dev.quarry.simulate.FleetConfig;
import dev.quarry.simulate.FleetSummary;
import dev.quarry.simulate.ProfileMix;
import dev.quarry.simulate.ShareMode;
import dev.quarry.simulate.StratumUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code quarry simulate}: a fleet of simulated ASIC miners (ESP-Miner, cgminer, Braiins OS
 * behaviour) on one Netty event-loop group, for demos and load tests. Loopback only unless a
 * host is allowed explicitly; every run is bounded by --duration and --miners.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Connect simulated miners to a Stratum V1 pool and report shares, verdicts and latency.",
                "Loopback only unless --allow-host names the host. Every run ends after --duration."})
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "stratum+tcp://127.0.0.1:3333", description = "pool URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--miners", defaultValue = "10", description = "simulated miners, 1..200000 (default ${DEFAULT-VALUE})")
    int miners;

    @Option(names = "--profile", defaultValue = "mix",
            description = "firmware: esp-miner, cgminer, braiins, mix, or weights like esp-miner:2,cgminer:1 (default ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--mode", defaultValue = "real", description = "real (hash at the assigned difficulty) or synthetic (random nonces at --rate) (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--rate", defaultValue = "1", description = "synthetic mode: shares per second per miner, Poisson (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", description = "run time, e.g. 30s, 5m, 1h (default ${DEFAULT-VALUE}; max 24h)")
    String duration;

    @Option(names = "--ramp", defaultValue = "1000", description = "new connections per second (default ${DEFAULT-VALUE})")
    double ramp;

    @Option(names = "--username", defaultValue = "demo.rig{n}", description = "worker name; {n} becomes the miner number (default ${DEFAULT-VALUE})")
    String username;

    @Option(names = "--password", defaultValue = "x", description = "authorize password (default ${DEFAULT-VALUE})")
    String password;

    @Option(names = "--json-summary", paramLabel = "FILE", description = "write the end-of-run summary as JSON to FILE")
    Path jsonSummary;

    @Option(names = "--allow-host", paramLabel = "HOST", description = "permit this non-loopback host (repeatable)")
    List<String> allowHosts;

    @Option(names = "--source-ips", defaultValue = "1",
            description = "spread loopback connections over 127.0.0.1..127.0.0.N to avoid ephemeral-port exhaustion (default ${DEFAULT-VALUE})")
    int sourceIps;

    @Option(names = "--io-threads", defaultValue = "1", description = "event-loop threads (default ${DEFAULT-VALUE})")
    int ioThreads;

    @Option(names = "--hash-threads", defaultValue = "1", description = "real mode: hashing threads shared by all miners (default ${DEFAULT-VALUE})")
    int hashThreads;

    @Option(names = "--hashrate", defaultValue = "0", description = "real mode: cap per miner in hashes/s, 0 = none (default ${DEFAULT-VALUE})")
    long hashrate;

    @Option(names = "--seed", description = "random seed (default: time based)")
    Long seed;

    @Option(names = "--grace", defaultValue = "2s", description = "wait this long for outstanding verdicts at the end (default ${DEFAULT-VALUE})")
    String grace;

    @Option(names = "--warmup", defaultValue = "0s",
            description = "rates, latency and CPU in the summary count only after this long (default ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--quiet", description = "no progress line")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        FleetConfig cfg;
        try {
            cfg = new FleetConfig(StratumUrl.parse(url), miners, ProfileMix.parse(profile), ShareMode.byName(mode), rate,
                    parseDuration(duration, "--duration"), ramp, username, password, sourceIps, ioThreads, hashThreads,
                    hashrate, allowHosts == null ? Set.of() : Set.copyOf(allowHosts),
                    seed != null ? seed : System.nanoTime(), jsonSummary, !quiet, parseDuration(grace, "--grace"),
                    parseDuration(warmup, "--warmup"));
        } catch (IllegalArgumentException e) {
            System.err.println("quarry simulate: " + e.getMessage());
            return 2;
        }
        FleetSummary summary = new Fleet(cfg).run(System.err);
        if (jsonSummary != null) summary.writeTo(jsonSummary);
        System.out.println(summary.toJson());
        return 0;
    }

    /** "30s", "5m", "1h", "250ms", a bare number of seconds, or ISO-8601 ("PT30S"). */
    static Duration parseDuration(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) return Duration.parse(t.toUpperCase(Locale.ROOT));
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            if (t.endsWith("m")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            if (t.endsWith("h")) return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " is not a duration (e.g. 30s, 5m, 1h): '" + text + "'");
        }
    }
}
