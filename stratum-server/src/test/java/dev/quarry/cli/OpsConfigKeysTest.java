package dev.quarry.cli;

import dev.quarry.config.ConfigException;
import dev.quarry.config.ConfigKey;
import dev.quarry.config.ConfigLoader;
import dev.quarry.config.QuarryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations keys (TLS port, PROXY protocol, per-contract metric labels): listed by
 * {@code quarry config-keys} with their defaults, documented in docs/operations.md, settable in
 * every layer (YAML, QUARRY_* environment, flags), and checked.
 */
class OpsConfigKeysTest {

    private static final List<ConfigKey> OPS_KEYS = List.of(ConfigKey.STRATUM_TLS_PORT, ConfigKey.STRATUM_TLS_CERT,
            ConfigKey.STRATUM_TLS_KEY, ConfigKey.STRATUM_PROXY_PROTOCOL, ConfigKey.STRATUM_TRUSTED_PROXIES,
            ConfigKey.METRICS_PER_CONTRACT_LABELS, ConfigKey.METRICS_PER_CONTRACT_LIMIT);

    @Test
    void configKeysListsEveryKeyWithItsEnvironmentVariableAndDefault() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = QuarryMain.commandLine().execute("config-keys");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        String out = buf.toString(StandardCharsets.UTF_8);
        for (ConfigKey k : ConfigKey.values()) {
            String line = out.lines().filter(l -> l.startsWith(k.key() + " ")).findFirst().orElse(null);
            assertTrue(line != null, "config-keys lists " + k.key() + ":\n" + out);
            assertTrue(line.contains(k.envName()), line);
            assertTrue(line.contains("default: " + (k.defaultValue().isEmpty() ? "(empty)" : k.defaultValue())), line);
        }
        assertTrue(out.contains("stratum.proxy-protocol") && out.contains("default: false"), out);
        assertTrue(out.contains("default: 127.0.0.1/32,::1/128"), out);
        assertTrue(out.contains("metrics.per-contract-limit") && out.contains("default: 100"), out);
    }

    @Test
    void operationsGuideDocumentsEveryKey() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));
        for (ConfigKey k : ConfigKey.values()) {
            assertTrue(guide.contains("`" + k.key() + "`"), "docs/operations.md does not mention `" + k.key() + "`");
        }
    }

    @Test
    void defaultsAreOffAndEveryLayerCanSetThem(@TempDir Path dir) throws Exception {
        QuarryConfig d = new ConfigLoader().environment(Map.of()).build();
        assertEquals(0, d.tlsPort);
        assertNull(d.tlsCert);
        assertFalse(d.proxyProtocol);
        assertEquals(List.of("127.0.0.1/32", "::1/128"), d.trustedProxies);
        assertFalse(d.perContractLabels);
        assertEquals(100, d.perContractLimit);

        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        Path yaml = Files.writeString(dir.resolve("q.yaml"), String.join("\n",
                "stratum:",
                "  proxy-protocol: true",
                "  trusted-proxies: [10.0.0.1, 'fd00::/8']",
                "metrics:",
                "  per-contract-labels: true",
                ""));
        QuarryConfig c = new ConfigLoader().yamlFile(yaml)
                .environment(Map.of("QUARRY_STRATUM_TLS_PORT", "3443", "QUARRY_STRATUM_TLS_CERT", cert.toString(),
                        "QUARRY_STRATUM_TLS_KEY", key.toString(), "QUARRY_METRICS_PER_CONTRACT_LIMIT", "7"))
                .build();
        assertTrue(c.proxyProtocol);
        assertEquals(List.of("10.0.0.1", "fd00::/8"), c.trustedProxies);
        assertEquals(3443, c.tlsPort);
        assertEquals(cert, c.tlsCert);
        assertEquals(key, c.tlsKey);
        assertTrue(c.perContractLabels);
        assertEquals(7, c.perContractLimit);
    }

    @Test
    void flagsOverrideTheOtherLayers(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--proxy-protocol", "--trusted-proxy", "192.0.2.1", "--trusted-proxy", "192.0.2.0/24",
                "--tls-port", "3443", "--tls-cert", cert.toString(), "--tls-key", key.toString());
        QuarryConfig c = run.loadConfig();
        assertTrue(c.proxyProtocol);
        assertEquals(List.of("192.0.2.1", "192.0.2.0/24"), c.trustedProxies);
        assertEquals(3443, c.tlsPort);
        assertEquals(cert, c.tlsCert);
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("stratum.trusted-proxies", assertThrows(ConfigException.class, () -> new ConfigLoader()
                .flag(ConfigKey.STRATUM_TRUSTED_PROXIES, "haproxy.internal").build()).key());
        assertEquals("stratum.trusted-proxies", assertThrows(ConfigException.class, () -> new ConfigLoader()
                .flag(ConfigKey.STRATUM_PROXY_PROTOCOL, "true").flag(ConfigKey.STRATUM_TRUSTED_PROXIES, "").build()).key());
        assertEquals("stratum.proxy-protocol", assertThrows(ConfigException.class, () -> new ConfigLoader()
                .flag(ConfigKey.STRATUM_PROXY_PROTOCOL, "maybe").build()).key());
        assertEquals("stratum.tls-key", assertThrows(ConfigException.class, () -> new ConfigLoader()
                .flag(ConfigKey.STRATUM_TLS_PORT, "3443").flag(ConfigKey.STRATUM_TLS_CERT, "pom.xml").build()).key());
        assertEquals("metrics.per-contract-limit", assertThrows(ConfigException.class, () -> new ConfigLoader()
                .flag(ConfigKey.METRICS_PER_CONTRACT_LIMIT, "0").build()).key());
        for (ConfigKey k : OPS_KEYS) assertTrue(k.description().length() > 10, k.key());
    }
}
