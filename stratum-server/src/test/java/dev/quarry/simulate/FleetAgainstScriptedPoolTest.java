package dev.quarry.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Netty fleet against the scripted loopback pool: what crosses the socket, in which order,
 * and what the pool (validating with pow-core) makes of the shares. Bounded: a few miners, a few
 * seconds each.
 */
@Timeout(60)
class FleetAgainstScriptedPoolTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final JsonNode VECTOR = Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled");

    static FleetConfig config(String url, int miners, String profile, ShareMode mode, double rate, Duration duration) {
        return new FleetConfig(StratumUrl.parse(url), miners, ProfileMix.parse(profile), mode, rate, duration, 1000,
                "demo.rig{n}", "x", 1, 1, 1, 0, Set.of(), 11, null, true, Duration.ofSeconds(2), Duration.ZERO);
    }

    static final class Run {
        final Fleet fleet;
        final CompletableFuture<FleetSummary> summary;
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();

        Run(FleetConfig cfg) {
            fleet = new Fleet(cfg);
            PrintStream out = new PrintStream(progress, true);
            summary = CompletableFuture.supplyAsync(() -> {
                try {
                    return fleet.run(out);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        Map<String, Object> finish() throws Exception {
            return summary.get().asMap();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> summary, String key) {
        return (Map<String, Object>) summary.get(key);
    }

    @Test
    void espMinerPipelinesItsHandshakeOnTheWireAndSubmitsSixParams() throws Exception {
        try (ScriptedPool pool = new ScriptedPool()) {
            Run run = new Run(config(pool.url(), 1, "esp-miner", ShareMode.SYNTHETIC, 20, Duration.ofSeconds(3)));
            ScriptedPool.Conn c = pool.accept(WAIT);
            // all three arrive before the pool has said anything
            assertEquals(FirmwareProfile.ESP_MINER.configureLine(1), c.next(WAIT));
            assertEquals(FirmwareProfile.ESP_MINER.subscribeLine(2, null), c.next(WAIT));
            assertEquals(FirmwareProfile.ESP_MINER.authorizeLine(3, "demo.rig0", "x"), c.next(WAIT));
            c.send("{\"id\":1,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"},\"error\":null}");
            c.send("{\"id\":2,\"result\":[[[\"mining.notify\",\"ae6812eb4cd7735a302a8a9dd95cf71f\"]],\"57a6f098\",4],\"error\":null}");
            c.send("{\"id\":3,\"result\":true,\"error\":null}");
            assertEquals(FirmwareProfile.ESP_MINER.extranonceSubscribeLine(4), c.next(WAIT));
            c.send("{\"id\":4,\"result\":true,\"error\":null}");
            c.send("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.001]}");
            c.send(ScriptedPool.notifyLine(VECTOR, "1", true));
            JsonNode submit = ScriptedPool.JSON.readTree(c.next(WAIT));
            assertEquals("mining.submit", submit.get("method").asText());
            assertEquals(5, submit.get("id").asInt());
            JsonNode p = submit.get("params");
            assertEquals(6, p.size());
            assertEquals("demo.rig0", p.get(0).asText());
            assertEquals("1", p.get(1).asText());
            assertEquals("00000000", p.get(2).asText());
            assertEquals("64b3f3ec", p.get(3).asText());
            assertEquals(0, Integer.parseUnsignedInt(p.get(5).asText(), 16) & ~0x1fffe000);
            c.send("{\"id\":5,\"result\":true,\"error\":null}");
            JsonNode second = ScriptedPool.JSON.readTree(c.next(WAIT));
            c.send("{\"id\":" + second.get("id").asInt() + ",\"result\":false,\"error\":[23,\"Low difficulty share\",null]}");
            Map<String, Object> s = run.finish();
            Map<String, Object> shares = section(s, "shares");
            assertEquals(1L, shares.get("accepted"));
            assertEquals(Map.of("Low difficulty share", 1L), shares.get("rejectedByReason"));
            assertTrue(run.progress.toString().contains("conn=1/1"), run.progress.toString());
        }
    }

    @Test
    void cgminerSendsNothingMoreUntilConfigureIsAnswered() throws Exception {
        try (ScriptedPool pool = new ScriptedPool()) {
            Run run = new Run(config(pool.url(), 1, "cgminer", ShareMode.SYNTHETIC, 1, Duration.ofSeconds(2)));
            ScriptedPool.Conn c = pool.accept(WAIT);
            assertEquals(FirmwareProfile.CGMINER.configureLine(1), c.next(WAIT));
            assertNull(c.poll(Duration.ofMillis(400)), "subscribe must wait for the configure reply");
            c.send("{\"id\":1,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"},\"error\":null}");
            assertEquals(FirmwareProfile.CGMINER.subscribeLine(2, null), c.next(WAIT));
            assertNull(c.poll(Duration.ofMillis(300)), "authorize must wait for the subscribe reply");
            c.send("{\"id\":2,\"result\":[[[\"mining.notify\",\"0000beef\"]],\"57a6f098\",4],\"error\":null}");
            assertEquals(FirmwareProfile.CGMINER.authorizeLine(3, "demo.rig0", "x"), c.next(WAIT));
            run.finish();
        }
    }

    @Test
    void cgminerHangsUpWhenThePoolDoesNotGrantVersionRolling() throws Exception {
        try (ScriptedPool pool = new ScriptedPool()) {
            Run run = new Run(config(pool.url(), 1, "cgminer", ShareMode.SYNTHETIC, 1, Duration.ofSeconds(2)));
            ScriptedPool.Conn c = pool.accept(WAIT);
            c.next(WAIT);
            c.send("{\"id\":1,\"result\":{\"version-rolling\":false},\"error\":null}");
            assertTrue(c.closedByPeer(WAIT));
            Map<String, Object> conn = section(run.finish(), "connections");
            assertEquals(1L, conn.get("handshakeFailures"));
            assertEquals(1L, conn.get("attempts"), "a firmware that gave up does not hammer the pool");
        }
    }

    @Test
    void realModeSharesFromEveryProfileAreValidForThePool() throws Exception {
        try (ScriptedPool pool = new ScriptedPool()) {
            ScriptedPool.Auto auto = pool.autoRespond(Math.pow(2, -16));
            Run run = new Run(config(pool.url(), 3, "mix", ShareMode.REAL, 1, Duration.ofSeconds(3)));
            Map<String, Object> s = run.finish();
            Map<String, Object> shares = section(s, "shares");
            assertTrue((Long) shares.get("accepted") >= 6, shares.toString());
            assertEquals(0L, shares.get("rejected"), auto.rejectedSubmits.toString());
            assertTrue(auto.rejectedSubmits.isEmpty());
            assertEquals(auto.acceptedSubmits.size(), ((Long) shares.get("accepted")).intValue());
            // each profile's exact handshake reached the pool
            List<String> firstLines = auto.handshakes.stream().map(h -> h.get(0)).sorted().toList();
            assertEquals(List.of(FirmwareProfile.CGMINER.configureLine(1), FirmwareProfile.BRAIINS.configureLine(1),
                    FirmwareProfile.ESP_MINER.configureLine(1)).stream().sorted().toList(), firstLines);
            // and every profile got shares accepted, each with its own submit format
            assertTrue(auto.acceptedSubmits.stream().anyMatch(l -> l.startsWith("{\"id\":")), "ESP-Miner");
            assertTrue(auto.acceptedSubmits.stream().anyMatch(l -> l.startsWith("{\"params\": [\"demo.rig1\"")), "cgminer");
            assertTrue(auto.acceptedSubmits.stream().anyMatch(l -> l.startsWith("{\"params\": [\"demo.rig2\"")), "braiins");
        }
    }

    @Test
    void syntheticModeSubmitsAtTheConfiguredPoissonRate() throws Exception {
        try (ScriptedPool pool = new ScriptedPool()) {
            ScriptedPool.Auto auto = pool.autoRespond(Math.pow(2, -32)); // target 0xffff·2^240: all but 1 in 65536 hashes meet it (2^-31 would pass only half)
            Run run = new Run(config(pool.url(), 10, "mix", ShareMode.SYNTHETIC, 20, Duration.ofSeconds(3)));
            Map<String, Object> s = run.finish();
            Map<String, Object> shares = section(s, "shares");
            long submitted = (Long) shares.get("submitted");
            // 10 miners x 20/s x ~3 s = ~600 at most (less the handshake). The lower bound is loose on purpose:
            // the machine is shared, and the Poisson statistics themselves are tested on the pacer.
            assertTrue(submitted > 100 && submitted < 720, "submitted " + submitted + " " + s);
            assertTrue((Long) shares.get("accepted") >= submitted * 0.99 - 2, shares.toString());
            // The summary's window closes when the run stops; a miner whose event loop was already
            // past its stop check still sends that one submit: at most one per miner after the window.
            assertTrue(auto.submits.get() >= submitted && auto.submits.get() <= submitted + 10,
                    "pool saw " + auto.submits.get() + " submits, summary says " + submitted);
            Map<String, Object> latency = section(s, "submitToVerdictMicros");
            assertEquals(((Long) shares.get("accepted")) + ((Long) shares.get("rejected")), latency.get("count"));
        }
    }

    @Test
    void clientReconnectIsFollowedButNeverToANonLoopbackHost() throws Exception {
        try (ScriptedPool pool = new ScriptedPool()) {
            ScriptedPool.Auto auto = pool.autoRespond(Math.pow(2, -32));
            Run run = new Run(config(pool.url(), 3, "mix", ShareMode.SYNTHETIC, 5, Duration.ofSeconds(5)));
            await(() -> run.fleet.stats().authorized.get() == 3, "3 miners authorized");
            auto.pushToAll("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[\"stratum.example.org\",3333,0]}");
            await(() -> pool.connections.get() == 6 && run.fleet.stats().authorized.get() == 3, "3 reconnected miners");
            Map<String, Object> conn = section(run.finish(), "connections");
            assertEquals(3L, conn.get("reconnectsRequested"));
            assertEquals(3L, conn.get("reconnects"));
            assertEquals(0L, conn.get("disconnects"));
            // cgminer resumes its session: the second subscribe carries the notify subscription id
            assertTrue(auto.handshakes.stream().flatMap(List::stream)
                    .anyMatch(l -> l.matches(".*\"mining.subscribe\", \"params\": \\[\"cgminer/4.12.1\", \"1000000\\d\"\\]}")),
                    auto.handshakes.toString());
        }
    }

    @Test
    void setExtranonceIsHonouredFromTheNextJobAndCleanJobReceiptsAreTimed() throws Exception {
        try (ScriptedPool pool = new ScriptedPool()) {
            ScriptedPool.Auto auto = pool.autoRespond(Math.pow(2, -16));
            Run run = new Run(config(pool.url(), 3, "mix", ShareMode.REAL, 1, Duration.ofSeconds(5)));
            await(() -> run.fleet.stats().accepted.sum() >= 3, "first accepted shares");
            auto.pushExtranonce("cafebabe", "2");
            await(() -> auto.acceptedSubmits.stream().filter(l -> l.contains("\"2\"")).count() >= 6, "shares on job 2");
            Map<String, Object> s = run.finish();
            // job 2 shares were validated with extranonce1 cafebabe; only in-flight job-1 shares may be stale
            assertTrue(auto.rejectedSubmits.stream().allMatch(l -> l.contains("\"1\"")), auto.rejectedSubmits.toString());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> receipts = (List<Map<String, Object>>) s.get("cleanJobReceipts");
            Map<String, Object> job2 = receipts.stream().filter(r -> "2".equals(r.get("jobId"))).findFirst().orElseThrow();
            assertEquals(3L, job2.get("miners"));
            assertTrue((Long) job2.get("lastReceiptEpochMicros") >= (Long) job2.get("firstReceiptEpochMicros"));
            assertTrue(receipts.stream().noneMatch(r -> "1".equals(r.get("jobId"))), "first jobs after subscribe are not broadcasts");
        }
    }
}
