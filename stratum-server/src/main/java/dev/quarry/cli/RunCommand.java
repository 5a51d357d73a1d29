package dev.quarry.cli;

import dev.quarry.config.ConfigException;
import dev.quarry.config.ConfigKey;
import dev.quarry.config.ConfigLoader;
import dev.quarry.config.QuarryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code quarry}: starts the pool. With no configuration at all it runs the embedded defaults
 * (SimChain, SQLite under ./quarry-data, Stratum on 3333, HTTP on 8080).
 */
@Command(name = "quarry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Quarry: a Stratum V1 mining pool with exact pay-per-share accounting.",
                "Without a subcommand, starts the pool (embedded defaults when nothing is configured).",
                "Configuration: defaults < YAML file (--config) < QUARRY_* environment variables < flags."},
        subcommands = {ConfigKeysCommand.class, SimulateCommand.class, dev.quarry.api.ApiKeysCommand.class})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default ./quarry-data)")
    String dataDir;

    @Option(names = "--stratum-port", paramLabel = "PORT", description = "main Stratum port (default 3333)")
    String stratumPort;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port for metrics, health, API (default 8080)")
    String httpPort;

    @Option(names = "--node-url", paramLabel = "URL", description = "bitcoind RPC URL with credentials; repeat for failover, in priority order")
    List<String> nodeUrls;

    @Option(names = "--zmq-url", paramLabel = "URL", description = "bitcoind ZMQ hashblock endpoint")
    String zmqUrl;

    @Option(names = "--node-wallet", paramLabel = "NAME", description = "bitcoind wallet holder payouts are sent from (default: the node's only loaded wallet)")
    String nodeWallet;

    @Option(names = "--payout-address", paramLabel = "ADDR", description = "address the block reward is paid to")
    String payoutAddress;

    @Option(names = "--db-url", paramLabel = "JDBC", description = "JDBC URL (default SQLite under the data directory)")
    String dbUrl;

    @Option(names = "--tls-port", paramLabel = "PORT", description = "stratum+ssl port (default 0 = off); needs --tls-cert and --tls-key")
    String tlsPort;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "certificate chain for the TLS port")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "PKCS#8 private key for the TLS port")
    String tlsKey;

    @Option(names = "--proxy-protocol", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "accept PROXY protocol v1/v2 headers from --trusted-proxy addresses (default false)")
    String proxyProtocol;

    @Option(names = "--trusted-proxy", paramLabel = "CIDR", description = "address allowed to send a PROXY header; repeatable (default 127.0.0.1/32 and ::1/128)")
    List<String> trustedProxies;

    @Override
    public Integer call() {
        QuarryConfig cfg;
        try {
            cfg = loadConfig();
        } catch (ConfigException e) {
            System.err.println("quarry: bad configuration: " + e.getMessage());
            return 2;
        }
        return PoolRunner.run(cfg);
    }

    QuarryConfig loadConfig() {
        return new ConfigLoader()
                .yamlFile(config)
                .environment(System.getenv())
                .flag(ConfigKey.DATA_DIR, dataDir)
                .flag(ConfigKey.STRATUM_PORT, stratumPort)
                .flag(ConfigKey.HTTP_PORT, httpPort)
                .flag(ConfigKey.NODE_URLS, nodeUrls == null ? null : String.join(",", nodeUrls))
                .flag(ConfigKey.ZMQ_URL, zmqUrl)
                .flag(ConfigKey.NODE_WALLET, nodeWallet)
                .flag(ConfigKey.PAYOUT_ADDRESS, payoutAddress)
                .flag(ConfigKey.DB_URL, dbUrl)
                .flag(ConfigKey.STRATUM_TLS_PORT, tlsPort)
                .flag(ConfigKey.STRATUM_TLS_CERT, tlsCert)
                .flag(ConfigKey.STRATUM_TLS_KEY, tlsKey)
                .flag(ConfigKey.STRATUM_PROXY_PROTOCOL, proxyProtocol)
                .flag(ConfigKey.STRATUM_TRUSTED_PROXIES, trustedProxies == null ? null : String.join(",", trustedProxies))
                .build();
    }
}
