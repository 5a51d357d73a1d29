package dev.quarry.ops;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quarry as a child JVM never writes a configured secret to stdout or stderr: neither the database
 * password (QUARRY_DB_PASSWORD) on a normal start and stop, nor the bitcoind RPC password inside a
 * --node-url when start-up fails because the node is unreachable. (The demo API key secret is printed
 * once on first start on purpose and is not checked here.)
 */
@Tag("slow")
class NoSecretsInLogsTest {

    @TempDir
    Path dir;

    private static String secret() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return "s3cr3t" + HexFormat.of().formatHex(b);
    }

    @Test
    void databasePasswordIsNeverPrinted() throws Exception {
        String dbPassword = secret();
        try (ChildQuarry q = ChildQuarry.start(dir.resolve("data"), ChildQuarry.freePort(),
                Map.of("QUARRY_DB_PASSWORD", dbPassword), "--stratum-port", "0")) {
            q.awaitReady(Duration.ofSeconds(60));
            q.process.destroy();
            assertTrue(q.awaitExit(Duration.ofSeconds(30)), "quarry stopped on SIGTERM:\n" + q.output());
            String out = q.output();
            assertTrue(out.contains("demo API key"), "the run really logged its start-up:\n" + out);
            assertFalse(out.contains(dbPassword), "database password leaked:\n" + out);
        }
    }

    @Test
    void rpcPasswordIsNeverPrintedWhenTheNodeIsUnreachable() throws Exception {
        String rpcPassword = secret();
        String dbPassword = secret();
        try (ChildQuarry q = ChildQuarry.start(dir.resolve("data2"), ChildQuarry.freePort(),
                Map.of("QUARRY_DB_PASSWORD", dbPassword),
                "--stratum-port", "0",
                "--node-url", "http://user:" + rpcPassword + "@127.0.0.1:1",
                "--payout-address", "bcrt1q65nhlm4hf2ptg3t264al57p7wjxj2c3s6kyt83")) {
            assertTrue(q.awaitExit(Duration.ofSeconds(90)), "quarry gave up on an unreachable node:\n" + q.output());
            String out = q.output();
            assertNotEquals(0, q.process.exitValue(), "start-up against an unreachable node must fail:\n" + out);
            assertTrue(out.contains("failed to start"), "the failure is reported:\n" + out);
            assertFalse(out.contains(rpcPassword), "RPC password leaked:\n" + out);
            assertFalse(out.contains(dbPassword), "database password leaked:\n" + out);
        }
    }
}
