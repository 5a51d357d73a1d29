package dev.quarry.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.app.QuarryPool;
import dev.quarry.config.ConfigException;
import dev.quarry.config.ConfigKey;
import dev.quarry.stratum.testkit.StratumTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stratum+ssl port from configuration: a self-signed certificate and key made by openssl at
 * test time (nothing secret in the repository), a TLS client that trusts exactly that certificate
 * completes subscribe, authorize and an accepted submit. The pool also runs with per-contract
 * labels on, so the share shows up as quarry_contract_shares_total{contract="demo"}.
 */
@Tag("slow")
class StratumTlsPortTest {

    @TempDir
    Path dir;

    /** openssl req -x509 with an EC P-256 key; OpenSSL 3 writes the key as unencrypted PKCS#8. */
    static Path[] selfSigned(Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.readString(key).contains("BEGIN PRIVATE KEY"), "PKCS#8 key");
        return new Path[] {cert, key};
    }

    static SSLContext trusting(Path cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            ks.setCertificateEntry("quarry", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void tlsClientSubscribesAuthorizesAndGetsAShareAccepted() throws Exception {
        Path[] pem = selfSigned(dir);
        int tlsPort = ChildQuarry.freePort();
        try (QuarryPool pool = TestPools.start(dir.resolve("data"), Map.of(
                ConfigKey.STRATUM_TLS_PORT, Integer.toString(tlsPort),
                ConfigKey.STRATUM_TLS_CERT, pem[0].toString(),
                ConfigKey.STRATUM_TLS_KEY, pem[1].toString(),
                ConfigKey.METRICS_PER_CONTRACT_LABELS, "true"))) {
            assertEquals(tlsPort, pool.stratum().boundPort("tls"));
            try (StratumTestClient c = StratumTestClient.connectTls(new InetSocketAddress("127.0.0.1", tlsPort),
                    trusting(pem[0]).getSocketFactory())) {
                TestPools.Mining m = TestPools.handshake(c, "demo.tls1");
                assertTrue(((SSLSocket) c.socket()).getSession().getProtocol().startsWith("TLSv1."), "a TLS session");
                JsonNode verdict = TestPools.submitOne(c, m, 10);
                assertTrue(verdict.get("result").asBoolean(), "share accepted over TLS: " + verdict);
            }
            // The journal counts the share per contract once durable (just after the miner's ack may be sent).
            String exposition = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                exposition = TestPools.scrape(pool);
                if (Exposition.value(exposition, "quarry_contract_shares_total", Map.of("contract", "demo")) == 1.0) break;
                Thread.sleep(100);
            }
            assertEquals(1.0, Exposition.value(exposition, "quarry_contract_shares_total", Map.of("contract", "demo")), exposition);
            assertEquals(0.0, Exposition.value(exposition, "quarry_contract_shares_total", Map.of("contract", "other")));
            assertEquals(0, Promtool.checkMetrics(exposition).exitCode());
            // Plain text on the TLS port is not Stratum.
            try (StratumTestClient plain = StratumTestClient.connect(new InetSocketAddress("127.0.0.1", tlsPort))) {
                plain.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
                assertTrue(plain.closedByServer(3000), "plain text on the TLS port is closed");
            }
        }
    }

    @Test
    void aTlsPortWithoutItsCertificateOrWithABadKeyStopsStartUpNamingTheKey() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class, () -> TestPools.start(dir.resolve("d1"),
                Map.of(ConfigKey.STRATUM_TLS_PORT, "3443")));
        assertEquals("stratum.tls-cert", missing.key());
        Path[] pem = selfSigned(dir);
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        ConfigException bad = assertThrows(ConfigException.class, () -> TestPools.start(dir.resolve("d2"), Map.of(
                ConfigKey.STRATUM_TLS_PORT, Integer.toString(ChildQuarry.freePort()),
                ConfigKey.STRATUM_TLS_CERT, pem[0].toString(),
                ConfigKey.STRATUM_TLS_KEY, garbage.toString())));
        assertTrue(bad.getMessage().contains("stratum.tls-key"), bad.getMessage());
    }
}
