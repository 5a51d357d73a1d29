package dev.quarry.stratum.server;

import dev.quarry.stratum.testkit.ContractAuthorizer;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import dev.quarry.stratum.testkit.TestWorkSource;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus names the ops dashboards rely on, after a session with an accepted block share and a reject. */
class MetricsTest {

    @Test
    void prometheusNamesAndNoPerWorkerLabels() throws Exception {
        ShareVector v = ShareVector.named("slush_docs_testnet3_block");
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StratumServerConfig config = StratumServerConfig.of(List.of(PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(1), 4)))
                .withIoThreads(1);
        try (ServerFixture f = new ServerFixture(config, new TestWorkSource(v.job()), new ContractAuthorizer(Set.of("slush")), prometheus);
             StratumTestClient c = f.connect()) {
            f.extranonces.next(v.extranonce1());
            c.handshake(v.worker());
            c.notification("mining.notify");
            c.send(v.submitLine(5));
            assertTrue(c.response(5).get("result").asBoolean());
            c.send(v.submitLine(6));
            c.response(6);
            f.work.publish(TestWorkSource.renamed(v.job(), "c3", true));
            c.notification("mining.notify");
            String scrape = prometheus.scrape();
            for (String expected : List.of(
                    "quarry_stratum_connections{port=\"main\"} 1",
                    "quarry_stratum_sessions_authorized 1",
                    "quarry_stratum_subscriptions_total 1",
                    "quarry_shares_total{reason=\"none\",result=\"accepted\"} 1",
                    "quarry_shares_total{reason=\"duplicate\",result=\"rejected\"} 1",
                    "quarry_share_difficulty_total 1",
                    "quarry_blocks_found_total 1",
                    "quarry_submit_latency_seconds_count 2",
                    "quarry_job_broadcast_seconds_count 1")) {
                assertTrue(scrape.contains(expected), "missing " + expected + " in\n" + scrape);
            }
            assertFalse(scrape.contains("slush.miner1"), "no per-worker labels");
        }
    }
}
