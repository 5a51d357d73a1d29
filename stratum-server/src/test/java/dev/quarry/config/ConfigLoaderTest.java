package dev.quarry.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @Test
    void noConfigurationAtAllGivesTheEmbeddedDefaults() {
        QuarryConfig c = new ConfigLoader().environment(Map.of()).build();
        assertTrue(c.embeddedChain());
        assertEquals(3333, c.stratumPort);
        assertEquals(8080, c.httpPort);
        assertEquals(Path.of("./quarry-data"), c.dataDir);
        assertEquals("jdbc:sqlite:" + Path.of("./quarry-data").resolve("quarry.db"), c.dbUrl);
        assertEquals(0x1fffe000, c.versionMask);
        assertEquals(8, c.extranonce2Size);
    }

    @Test
    void layersOverrideInOrderFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("quarry.yaml");
        Files.writeString(yaml, "stratum:\n  port: 4444\n  difficulty: 0.5\nhttp.port: 9000\ndata-dir: /var/lib/q\n");
        QuarryConfig fileOnly = new ConfigLoader().yamlFile(yaml).build();
        assertEquals(4444, fileOnly.stratumPort);
        assertEquals(0.5, fileOnly.stratumDifficulty);
        assertEquals(9000, fileOnly.httpPort);

        QuarryConfig withEnv = new ConfigLoader().yamlFile(yaml)
                .environment(Map.of("QUARRY_STRATUM_PORT", "5555", "QUARRY_HTTP_PORT", "9001")).build();
        assertEquals(5555, withEnv.stratumPort);
        assertEquals(9001, withEnv.httpPort);

        QuarryConfig withFlag = new ConfigLoader().yamlFile(yaml)
                .environment(Map.of("QUARRY_STRATUM_PORT", "5555"))
                .flag(ConfigKey.STRATUM_PORT, "6666").build();
        assertEquals(6666, withFlag.stratumPort);
        assertEquals(Path.of("/var/lib/q"), withFlag.dataDir);
    }

    @Test
    void badValuesNameTheKeyAndTheProblem(@TempDir Path dir) throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader().flag(ConfigKey.STRATUM_PORT, "70000").build());
        assertEquals("stratum.port", e.key());
        assertTrue(e.getMessage().contains("between 0 and 65535"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> new ConfigLoader().flag(ConfigKey.STRATUM_DIFFICULTY, "-1").build());
        assertEquals("stratum.difficulty", e.key());

        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "stratum:\n  prot: 3333\n");
        e = assertThrows(ConfigException.class, () -> new ConfigLoader().yamlFile(yaml).build());
        assertEquals("stratum.prot", e.key());
        assertTrue(e.getMessage().contains("unknown configuration key"));

        e = assertThrows(ConfigException.class,
                () -> new ConfigLoader().flag(ConfigKey.NODE_URLS, "http://u:secret@127.0.0.1:8332").build());
        assertEquals("payout-address", e.key());

        e = assertThrows(ConfigException.class, () -> new ConfigLoader().flag(ConfigKey.NODE_URLS, "ftp://u:secret@host").build());
        assertEquals("node.urls", e.key());
        assertTrue(!e.getMessage().contains("secret"), "the password must not be echoed: " + e.getMessage());
    }

    @Test
    void listsInYamlBecomeCommaSeparatedValues(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("nodes.yaml");
        Files.writeString(yaml, "payout-address: bcrt1qexample\nnode:\n  urls:\n    - http://a:b@127.0.0.1:18443\n    - http://a:b@127.0.0.2:18443\n");
        QuarryConfig c = new ConfigLoader().yamlFile(yaml).build();
        assertEquals(2, c.nodeUrls.size());
        assertEquals("127.0.0.2", c.nodeUrls.get(1).getHost());
    }
}
