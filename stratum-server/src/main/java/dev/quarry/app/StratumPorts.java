package dev.quarry.app;

import dev.quarry.config.ConfigException;
import dev.quarry.config.ConfigKey;
import dev.quarry.config.QuarryConfig;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import dev.quarry.stratum.vardiff.VardiffConfig;
import io.netty.handler.ssl.SslContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Stratum ports a configuration asks for: "main" (vardiff), "static" (fixed difficulty, unless
 * 0) and "tls" (stratum+ssl with the main port's vardiff, when stratum.tls-port is set). With
 * stratum.proxy-protocol on, every port accepts a PROXY v1/v2 header from the trusted proxies.
 */
final class StratumPorts {

    static final String MAIN = "main";
    static final String STATIC = "static";
    static final String TLS = "tls";

    private StratumPorts() {
    }

    static List<PortConfig> fromConfig(QuarryConfig config) {
        List<String> binds = List.of(config.stratumBind);
        DifficultyPolicy vardiff = DifficultyPolicy.variable(config.stratumDifficulty, new VardiffConfig(
                Duration.ofMillis((long) (config.targetShareSeconds * 1000)), Duration.ofSeconds(60), 30, 0.3,
                config.minDifficulty, config.maxDifficulty));
        List<PortConfig> ports = new ArrayList<>();
        ports.add(PortConfig.plain(MAIN, binds, config.stratumPort, vardiff, config.extranonce2Size));
        if (config.staticPort != 0) {
            ports.add(PortConfig.plain(STATIC, binds, config.staticPort, DifficultyPolicy.fixed(config.staticDifficulty), config.extranonce2Size));
        }
        if (config.tlsPort != 0) {
            ports.add(PortConfig.plain(TLS, binds, config.tlsPort, vardiff, config.extranonce2Size).withTls(tlsContext(config)));
        }
        if (!config.proxyProtocol) return ports;
        return ports.stream().map(p -> p.withProxyProtocol(config.trustedProxies)).toList();
    }

    /** Loads the PEM certificate chain and key now, so a bad file stops start-up naming the key. */
    private static SslContext tlsContext(QuarryConfig config) {
        try {
            return PortConfig.tlsFromPem(config.tlsCert, config.tlsKey);
        } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
            throw new ConfigException(ConfigKey.STRATUM_TLS_CERT.key() + "/" + ConfigKey.STRATUM_TLS_KEY.key(),
                    "cannot load the TLS certificate and key (PEM chain and unencrypted PKCS#8 key expected): " + e.getMessage());
        }
    }
}
