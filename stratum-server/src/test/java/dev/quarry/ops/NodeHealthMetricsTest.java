package dev.quarry.ops;

import dev.quarry.app.QuarryPool;
import dev.quarry.config.ConfigKey;
import dev.quarry.config.ConfigLoader;
import dev.quarry.stratum.template.bitcoind.FakeBitcoind;
import dev.quarry.stratum.template.bitcoind.RpcFixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quarry on two bitcoind nodes (a JSON-RPC stand-in serving a recorded testnet3 template, and a
 * port where nothing listens): /metrics shows RPC latency and errors by node, which node is up,
 * which node the current template came from and how old it is — no URL or password in any label —
 * and when the serving node dies its errors and its down state show within a health-check period.
 * Also checks the Grafana dashboard's node-health panels against this scrape (MetricsScrapeTest
 * covers the rest of the dashboard with the embedded SimChain, which has no RPC nodes).
 */
@Tag("slow")
class NodeHealthMetricsTest {

    static final String NODE_PREFIX = "quarry_node_";
    private static final String PASSWORD = "rpc-pass-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @Test
    void rpcLatencyErrorsAndTemplateSourceByNode() throws Exception {
        int dead = ChildQuarry.freePort();
        try (FakeBitcoind node1 = new FakeBitcoind("fake", "quarry:" + PASSWORD, RpcFixtures.chainInfo(), RpcFixtures.recordedTemplate());
             QuarryPool pool = QuarryPool.start(new ConfigLoader()
                     .flag(ConfigKey.DATA_DIR, dir.resolve("data").toString())
                     .flag(ConfigKey.STRATUM_BIND, "127.0.0.1")
                     .flag(ConfigKey.STRATUM_PORT, "0")
                     .flag(ConfigKey.STRATUM_STATIC_PORT, "0")
                     .flag(ConfigKey.HTTP_PORT, "0")
                     .flag(ConfigKey.NETWORK, "test")
                     .flag(ConfigKey.PAYOUT_ADDRESS, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")
                     .flag(ConfigKey.NODE_URLS, "http://quarry:" + PASSWORD + "@127.0.0.1:" + node1.port() + "/,"
                             + "http://quarry:" + PASSWORD + "@127.0.0.1:" + dead + "/")
                     .build())) {
            String first = awaitScrape(pool, e -> Exposition.value(e, "quarry_template_source_info", Map.of("node", "node1")) == 1.0
                    && Exposition.value(e, "quarry_node_rpc_errors_total", Map.of("node", "node2", "kind", "unavailable")) >= 1);
            assertTrue(Exposition.value(first, "quarry_node_rpc_seconds_count", Map.of("node", "node1", "method", "getblockchaininfo")) >= 1);
            assertTrue(Exposition.value(first, "quarry_node_rpc_seconds_count", Map.of("node", "node1", "method", "getblocktemplate")) >= 1, first);
            assertTrue(Exposition.has(first, "quarry_node_rpc_seconds_bucket"), "RPC latency is a histogram");
            assertEquals(0.0, Exposition.value(first, "quarry_node_rpc_errors_total", Map.of("node", "node1")), "node1 answers everything");
            assertEquals(1.0, Exposition.value(first, "quarry_node_up", Map.of("node", "node1")), first);
            assertEquals(0.0, Exposition.value(first, "quarry_node_up", Map.of("node", "node2")), first);
            assertTrue(Double.isNaN(Exposition.value(first, "quarry_template_source_info", Map.of("node", "node2"))),
                    "an info metric: only the current source has a series\n" + first);
            assertEquals(2442185.0, Exposition.value(first, "quarry_template_height"));
            assertTrue(Exposition.value(first, "quarry_template_age_seconds") < 60);
            assertFalse(first.contains(PASSWORD), "no credentials in the exposition");
            assertFalse(first.contains("127.0.0.1:" + node1.port()), "node names, not URLs, label the series");
            assertEquals(0, Promtool.checkMetrics(first).exitCode(), Promtool.checkMetrics(first).output());
            dashboardNodePanelsAreBackedBy(first);

            node1.stop(); // killed: the next health probe fails and the failover takes it down
            String after = awaitScrape(pool, e -> Exposition.value(e, "quarry_node_up", Map.of("node", "node1")) == 0.0);
            assertTrue(Exposition.value(after, "quarry_node_rpc_errors_total", Map.of("node", "node1", "kind", "unavailable")) >= 1, after);
        }
    }

    private static void dashboardNodePanelsAreBackedBy(String exposition) throws Exception {
        String dashboard = Files.readString(Path.of("..", "docs", "grafana", "quarry-dashboard.json"));
        Matcher m = Pattern.compile(NODE_PREFIX + "[a-z0-9_]+").matcher(dashboard);
        int checked = 0;
        while (m.find()) {
            assertTrue(Exposition.has(exposition, m.group()), "dashboard queries " + m.group() + " but /metrics does not have it");
            checked++;
        }
        assertTrue(checked >= 2, "the dashboard has node-health panels: " + checked + " node metrics queried");
    }

    /** Scrapes until the condition holds (health checks run every 5 s), at most 30 s. */
    private static String awaitScrape(QuarryPool pool, Predicate<String> ready) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pool.httpAddress().getPort() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            body = r.body();
            if (ready.test(body)) return body;
            Thread.sleep(250);
        }
        throw new AssertionError("condition not met within 30 s; last scrape:\n" + body);
    }
}
