package dev.quarry.ops;

import dev.quarry.app.QuarryPool;
import dev.quarry.config.ConfigKey;
import dev.quarry.config.ConfigLoader;
import dev.quarry.config.QuarryConfig;
import dev.quarry.simulate.Fleet;
import dev.quarry.simulate.FleetConfig;
import dev.quarry.simulate.ProfileMix;
import dev.quarry.simulate.ShareMode;
import dev.quarry.simulate.StratumUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running Quarry (embedded defaults: SimChain, SQLite, real Stratum server) with a few simulated
 * miners: its /metrics passes promtool's checks, a real Prometheus scrapes it and answers queries
 * for Quarry series, and every metric the Grafana dashboard queries is in the exposition.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsScrapeTest {

    @TempDir
    static Path dir;
    QuarryPool pool;
    String exposition;
    long accepted;

    @BeforeAll
    void startPoolAndMine() throws Exception {
        QuarryConfig cfg = new ConfigLoader()
                .flag(ConfigKey.DATA_DIR, dir.resolve("data").toString())
                .flag(ConfigKey.STRATUM_BIND, "127.0.0.1")
                .flag(ConfigKey.STRATUM_PORT, "0")
                .flag(ConfigKey.HTTP_PORT, "0")
                .flag(ConfigKey.STRATUM_STATIC_PORT, "0")
                // every hash is a share at 2^-32, so a CPU miner produces shares at once
                .flag(ConfigKey.STRATUM_DIFFICULTY, Double.toString(0x1p-32))
                .flag(ConfigKey.STRATUM_MIN_DIFFICULTY, Double.toString(0x1p-32))
                .build();
        pool = QuarryPool.start(cfg);
        String url = "stratum+tcp://127.0.0.1:" + pool.stratum().boundPort("main");
        FleetConfig fleet = new FleetConfig(StratumUrl.parse(url), 3, ProfileMix.parse("mix"), ShareMode.REAL, 1,
                Duration.ofSeconds(3), 1000, "demo.rig{n}", "x", 1, 1, 1, 0, Set.of(), 5, null, false,
                Duration.ofSeconds(2), Duration.ZERO);
        Map<String, Object> summary = new Fleet(fleet).run(System.err).asMap();
        Map<?, ?> shares = (Map<?, ?>) summary.get("shares");
        assertTrue(((Number) shares.get("accepted")).longValue() > 0, "miners got shares accepted: " + summary);
        accepted = ((Number) shares.get("accepted")).longValue();
        // Holder API traffic: one routed request and one to a path no route matches.
        assertEquals(200, status("/api/v1/pool/status"));
        assertEquals(404, status("/api/v1/contracts/demo/nothing-here"));
        exposition = get("/metrics");
    }

    @AfterAll
    void stop() {
        if (pool != null) pool.close();
    }

    private int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + pool.httpAddress().getPort() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + pool.httpAddress().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    @Test
    void expositionPassesPromtool() throws Exception {
        assertTrue(exposition.contains("quarry_shares_total{"), "no share counter in:\n" + exposition);
        Promtool.Result r = Promtool.checkMetrics(exposition);
        assertEquals(0, r.exitCode(), "promtool check metrics:\n" + r.output());
    }

    @Test
    void acceptedSharesAreCounted() {
        Matcher m = Pattern.compile("(?m)^quarry_shares_total\\{[^}]*result=\"accepted\"[^}]*} ([0-9.eE+]+)$").matcher(exposition);
        assertTrue(m.find(), "no accepted-share series in:\n" + exposition);
        assertTrue(Double.parseDouble(m.group(1)) > 0);
    }

    @Test
    void realPrometheusScrapesQuarry() throws Exception {
        try (PrometheusProcess prom = PrometheusProcess.start(Files.createDirectories(dir.resolve("prom")),
                "127.0.0.1:" + pool.httpAddress().getPort())) {
            String body = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                body = prom.query("sum(quarry_shares_total{result=\"accepted\"})");
                if (body.contains("\"status\":\"success\"") && body.contains("\"value\"")) break;
                Thread.sleep(500);
            }
            assertTrue(body.contains("\"status\":\"success\"") && body.contains("\"value\""), "Prometheus answered: " + body);
            Matcher m = Pattern.compile("\"value\":\\[[0-9.]+,\"([0-9.eE+]+)\"]").matcher(body);
            assertTrue(m.find(), body);
            assertTrue(Double.parseDouble(m.group(1)) > 0, body);
            // The new series reach Prometheus too: journal batches and the template source.
            String batches = prom.query("sum(quarry_journal_batch_shares_count)");
            assertTrue(batches.contains("\"status\":\"success\"") && !batches.contains("\"result\":[]"), batches);
            String source = prom.query("quarry_template_source_info");
            assertTrue(source.contains("\"node\":\"simchain\""), source);
        }
    }

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsExposed() throws Exception {
        String dashboard = Files.readString(Path.of("..", "docs", "grafana", "quarry-dashboard.json"));
        Matcher m = Pattern.compile("quarry_[a-z0-9_]+").matcher(dashboard);
        int checked = 0;
        while (m.find()) {
            String name = m.group();
            // bitcoind node health exists only with bitcoind nodes: NodeHealthMetricsTest checks those panels.
            if (name.startsWith(NodeHealthMetricsTest.NODE_PREFIX)) continue;
            assertTrue(Exposition.has(exposition, name), "dashboard queries " + name + " but /metrics does not have it");
            checked++;
        }
        assertTrue(checked >= 5, "dashboard names too few quarry metrics: " + checked);
    }

    @Test
    void journalCommitsAreTimedAndTheirBatchSizesAddUpToTheStoredShares() {
        double commits = Exposition.value(exposition, "quarry_journal_commit_seconds_count");
        assertTrue(commits > 0, "journal commits observed: " + commits);
        assertEquals(commits, Exposition.value(exposition, "quarry_journal_batch_shares_count"), "one batch size per commit");
        assertTrue(Exposition.value(exposition, "quarry_journal_queued_shares") >= 0, "queued shares gauge");
        // Every accepted share was journaled (acknowledged only once durable) in some batch.
        assertTrue(Exposition.value(exposition, "quarry_journal_batch_shares_sum") >= accepted,
                "batched shares >= " + accepted + " accepted: " + Exposition.value(exposition, "quarry_journal_batch_shares_sum"));
        assertTrue(Exposition.has(exposition, "quarry_journal_commit_seconds_bucket"), "commit latency is a histogram");
    }

    @Test
    void templateAgeAndSourceNodeAreExposed() {
        double age = Exposition.value(exposition, "quarry_template_age_seconds");
        assertTrue(age >= 0 && age < 120, "template age in seconds: " + age);
        assertEquals(1.0, Exposition.value(exposition, "quarry_template_source_info", Map.of("node", "simchain")));
        assertTrue(Exposition.value(exposition, "quarry_template_height") >= 1);
    }

    @Test
    void powEngineInUseIsExposedAsAnInfoGauge() {
        assertEquals(1.0, Exposition.value(exposition, "quarry_pow_engine_info",
                Map.of("engine", dev.quarry.pow.sha.Sha256Engines.selectedName(),
                        "native", dev.quarry.pow.nativeengine.NativeEngine.status().path().label())), exposition);
    }

    @Test
    void theServersShareValidationPathAndItsCallsAreExposed() {
        String path = dev.quarry.pow.nativeengine.NativeEngine.status().path().label();
        assertEquals(1.0, Exposition.value(exposition, "quarry_share_validation_info", Map.of("path", path)), exposition);
        // every share the miners submitted was validated by a batch or a single call (rejected ones too)
        double validated = Exposition.value(exposition, "quarry_share_validation_shares_total", Map.of("kind", "batch"))
                + Exposition.value(exposition, "quarry_share_validation_shares_total", Map.of("kind", "single"));
        assertTrue(validated >= accepted, validated + " validated, " + accepted + " accepted");
        if (path.equals("java")) {
            assertEquals(0.0, Exposition.value(exposition, "quarry_share_validation_calls_total", Map.of("kind", "batch")), "no batches on the Java path");
        }
    }

    @Test
    void ledgerLagAndPayoutsByStatusAreExposed() {
        // Shares were mined today and the daily period has not ended: unsettled, but nothing overdue.
        assertTrue(Exposition.value(exposition, "quarry_ledger_unsettled_shares") >= accepted, accepted + " accepted; exposition:\n" + exposition);
        assertEquals(0.0, Exposition.value(exposition, "quarry_ledger_settlement_overdue_seconds"));
        assertTrue(Exposition.has(exposition, "quarry_ledger_last_settled_period_end_timestamp_seconds"));
        for (String status : new String[] {"pending", "sent", "failed"}) {
            assertEquals(0.0, Exposition.value(exposition, "quarry_payouts", Map.of("status", status)), status);
        }
    }

    @Test
    void apiRequestsAreCountedByRouteTemplateAndStatusNeverByRawPath() {
        assertEquals(1.0, Exposition.value(exposition, "quarry_api_requests_total",
                Map.of("method", "GET", "route", "/api/v1/pool/status", "status", "200")));
        assertEquals(1.0, Exposition.value(exposition, "quarry_api_requests_total",
                Map.of("method", "GET", "route", "unmatched", "status", "404")));
        assertTrue(!exposition.contains("nothing-here"), "raw paths never become labels");
        assertTrue(Exposition.value(exposition, "quarry_api_request_duration_seconds_count") >= 2);
    }

    @Test
    void perContractLabelsAreOffByDefault() {
        assertTrue(!exposition.contains("quarry_contract_"), "no per-contract series unless metrics.per-contract-labels is on");
        assertTrue(!exposition.contains("contract=\""), "no contract label anywhere");
    }
}
