package dev.quarry.stratum.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import dev.quarry.stratum.testkit.TestMiner;
import dev.quarry.stratum.testkit.TestWorkSource;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import dev.quarry.stratum.vardiff.VardiffConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session features over sockets: authorization, workers, difficulty requests, resume, broadcast, server pushes. */
class SessionFeaturesTest {

    private static final Job A = TestWorkSource.renamed(ShareVector.named("slush_docs_testnet3_block").job(), "a1", true);
    private static final VardiffConfig SLOW_VARDIFF = VardiffConfig.defaults(1, 1e6);

    private static ServerFixture vardiffPort(double initial) throws InterruptedException {
        return ServerFixture.withPort(PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.variable(initial, SLOW_VARDIFF), 4),
                AbuseConfig.defaults(), Set.of("c", "d"), A);
    }

    private static double nextJobDifficulty(ServerFixture f, StratumTestClient c, String jobId) throws IOException {
        f.work.publish(TestWorkSource.renamed(A, jobId, false));
        List<JsonNode> lines = new ArrayList<>();
        while (true) {
            JsonNode n = c.readJson();
            lines.add(n);
            if ("mining.notify".equals(n.path("method").asText()) && jobId.equals(n.get("params").get(0).asText())) break;
        }
        JsonNode before = lines.size() >= 2 ? lines.get(lines.size() - 2) : null;
        return before != null && "mining.set_difficulty".equals(before.path("method").asText()) ? before.get("params").get(0).asDouble() : Double.NaN;
    }

    @Test
    void unknownContractIsRefusedClearlyAndSeveralWorkersShareAConnection() throws Exception {
        try (ServerFixture f = ServerFixture.withPort(PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(0x1p-32), 4),
                AbuseConfig.defaults(), Set.of("c", "d"), A); StratumTestClient c = f.connect()) {
            String en1 = c.handshake("c.rig1").get(1).asText();
            c.send("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"nosuch.rig\",\"x\"]}");
            JsonNode refused = c.response(3);
            assertEquals(false, refused.get("result").asBoolean(true));
            assertEquals(24, refused.get("error").get(0).asInt());
            assertTrue(refused.get("error").get(1).asText().contains("unknown contract nosuch"), refused.toString());
            c.send("{\"id\":4,\"method\":\"mining.authorize\",\"params\":[\".rig\",\"x\"]}");
            assertEquals(24, c.response(4).get("error").get(0).asInt());
            c.send("{\"id\":5,\"method\":\"mining.authorize\",\"params\":[\"d.rig2\",\"x\"]}");
            assertTrue(c.response(5).get("result").asBoolean());
            c.notification("mining.notify");
            TestMiner m1 = new TestMiner(en1, "c.rig1");
            TestMiner m2 = new TestMiner(en1, "d.rig2");
            c.send(m1.find(A, "00000001", 6, o -> true));
            assertTrue(c.response(6).get("result").asBoolean());
            c.send(m2.find(A, "00000002", 7, o -> true));
            assertTrue(c.response(7).get("result").asBoolean());
            assertEquals(List.of("c", "d"), f.journal.stored().stream().map(s -> s.contractId()).toList());
            assertEquals(List.of("c.rig1", "d.rig2"), f.journal.stored().stream().map(s -> s.worker()).toList());
        }
    }

    @Test
    void aStaticPortIgnoresSuggestionsButHonoursPasswordDifficulty() throws Exception {
        try (ServerFixture f = ServerFixture.withPort(PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(8), 4),
                AbuseConfig.defaults(), Set.of("c"), A); StratumTestClient c = f.connect(); StratumTestClient d = f.connect()) {
            c.handshake("c.rig");
            assertEquals(8, c.notification("mining.set_difficulty").get("params").get(0).asDouble());
            c.notification("mining.notify");
            c.send("{\"id\":3,\"method\":\"mining.suggest_difficulty\",\"params\":[1024]}");
            assertTrue(c.response(3).get("result").asBoolean());
            assertTrue(Double.isNaN(nextJobDifficulty(f, c, "s1")), "static means static");
            d.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            d.response(1);
            d.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"c.rig2\",\"d=0.125\"]}");
            d.response(2);
            assertEquals(0.125, d.notification("mining.set_difficulty").get("params").get(0).asDouble());
        }
    }

    @Test
    void authorizeBeforeSubscribeIsTolerated() throws Exception {
        try (ServerFixture f = vardiffPort(16); StratumTestClient c = f.connect()) {
            c.send("{\"id\":1,\"method\":\"mining.authorize\",\"params\":[\"c.rig\",\"x\"]}");
            assertTrue(c.response(1).get("result").asBoolean());
            assertTrue(c.drain(100).isEmpty(), "no work before subscribe");
            c.send("{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[]}");
            c.response(2);
            assertEquals("a1", c.notification("mining.notify").get("params").get(0).asText());
        }
    }

    @Test
    void passwordDifficultyIsAStaticPerWorkerDifficulty() throws Exception {
        try (ServerFixture f = vardiffPort(16); StratumTestClient c = f.connect()) {
            c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            c.response(1);
            c.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"c.rig\",\"x,d=64\"]}");
            c.response(2);
            assertEquals(64, c.notification("mining.set_difficulty").get("params").get(0).asDouble());
            c.send("{\"id\":3,\"method\":\"mining.suggest_difficulty\",\"params\":[512]}");
            c.response(3);
            assertTrue(Double.isNaN(nextJobDifficulty(f, c, "b2")), "a suggestion does not override d=N");
        }
    }

    @Test
    void suggestDifficultyInEveryFormAndKeepAliveRepeats() throws Exception {
        try (ServerFixture f = vardiffPort(16); StratumTestClient c = f.connect()) {
            c.handshake("c.rig");
            c.notification("mining.notify");
            c.send("{\"id\":3,\"method\":\"mining.suggest_difficulty\",\"params\":[1024]}");
            assertTrue(c.response(3).get("result").asBoolean());
            assertEquals(1024, nextJobDifficulty(f, c, "j1"));
            c.send("{\"id\":4,\"method\":\"mining.suggest_difficulty\",\"params\":[\"2048\"]}");
            c.response(4);
            assertEquals(2048, nextJobDifficulty(f, c, "j2"));
            c.send("{\"id\":5,\"method\":\"mining.suggest_difficulty\",\"params\":[[4096.0]]}");
            c.response(5);
            assertEquals(4096, nextJobDifficulty(f, c, "j3"));
            c.send("{\"id\":6,\"method\":\"mining.suggest_difficulty\",\"params\":[4096]}");
            c.response(6);
            assertTrue(Double.isNaN(nextJobDifficulty(f, c, "j4")), "the same suggestion again (keep-alive) changes nothing");
            c.send("{\"id\":7,\"method\":\"mining.suggest_difficulty\",\"params\":[0.00015]}");
            c.response(7);
            assertEquals(1, nextJobDifficulty(f, c, "j5"), "clamped to the port minimum");
            c.send("{\"id\":8,\"method\":\"mining.suggest_target\",\"params\":[\"0000000007fff800000000000000000000000000000000000000000000000000\"]}");
            assertTrue(c.response(8).get("result").asBoolean());
            assertEquals(32, nextJobDifficulty(f, c, "j6"));
        }
    }

    @Test
    void minimumDifficultyFromConfigureIsAFloor() throws Exception {
        try (ServerFixture f = vardiffPort(16); StratumTestClient c = f.connect()) {
            c.send("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"minimum-difficulty\",\"subscribe-extranonce\",\"info\",\"x-unknown\"],"
                    + "{\"minimum-difficulty.value\":100,\"info.hw-version\":\"S9\"}]}");
            JsonNode r = c.response(1).get("result");
            assertTrue(r.get("minimum-difficulty").asBoolean());
            assertTrue(r.get("subscribe-extranonce").asBoolean());
            assertTrue(r.get("info").asBoolean());
            assertEquals(false, r.get("x-unknown").asBoolean(true), "unknown extensions are answered false");
            c.handshake("c.rig");
            assertEquals(100, c.notification("mining.set_difficulty").get("params").get(0).asDouble());
        }
    }

    @Test
    void sessionResumeReusesARecentlyReleasedExtranonce1ButNeverALiveOne() throws Exception {
        try (ServerFixture f = vardiffPort(16)) {
            String first;
            try (StratumTestClient c = f.connect()) {
                c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cgminer/4.12.1\"]}");
                first = c.response(1).get("result").get(1).asText();
            }
            Thread.sleep(100);
            try (StratumTestClient again = f.connect(); StratumTestClient thief = f.connect()) {
                again.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cgminer/4.12.1\",\"" + first + "\"]}");
                JsonNode r = again.response(1).get("result");
                assertEquals(first, r.get(1).asText());
                assertEquals(first, r.get(0).get(1).get(1).asText(), "the subscription id is what cgminer sends back to resume");
                thief.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"x\",\"" + first + "\"]}");
                assertNotEquals(first, thief.response(1).get("result").get(1).asText());
            }
        }
    }

    @Test
    void newJobReachesEveryReadyMinerWithOwnSetDifficultyOnlyWhereItChanged() throws Exception {
        try (ServerFixture f = vardiffPort(16)) {
            List<StratumTestClient> miners = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    StratumTestClient c = f.connect();
                    miners.add(c);
                    c.handshake("c.rig" + i);
                    c.notification("mining.set_difficulty");
                    c.notification("mining.notify");
                }
                StratumTestClient notReady = f.connect();
                miners.add(notReady);
                notReady.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
                notReady.response(1);
                miners.get(0).send("{\"id\":9,\"method\":\"mining.suggest_difficulty\",\"params\":[256]}");
                miners.get(0).response(9);
                Thread.sleep(50);
                Job b = TestWorkSource.renamed(A, "b2", true);
                f.work.publish(b);
                JsonNode first = miners.get(0).readJson();
                assertEquals("mining.set_difficulty", first.get("method").asText());
                assertEquals(256, first.get("params").get(0).asDouble());
                JsonNode reference = miners.get(0).readJson();
                assertEquals("b2", reference.get("params").get(0).asText());
                assertTrue(reference.get("params").get(8).asBoolean());
                for (int i = 1; i < 4; i++) {
                    assertEquals(reference, miners.get(i).readJson(), "the same notify, and no set_difficulty, for unchanged miners");
                }
                assertTrue(notReady.drain(200).isEmpty(), "no work before authorize");
                assertEquals(4, f.server.readySessionCount());
                assertTrue(f.registry.find("quarry.job.broadcast").timer().count() >= 1);
            } finally {
                for (StratumTestClient c : miners) c.close();
            }
        }
    }

    @Test
    void serverPushesShowMessageReconnectVersionMaskAndExtranonce() throws Exception {
        try (ServerFixture f = vardiffPort(16); StratumTestClient c = f.connect()) {
            c.send("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"1ffff000\"}]}");
            assertEquals("1fffe000", c.response(1).get("result").get("version-rolling.mask").asText());
            String en1 = c.handshake("c.rig").get(1).asText();
            c.notification("mining.notify");
            c.send("{\"id\":3,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}");
            assertTrue(c.response(3).get("result").asBoolean());

            f.server.showMessage("maintenance at 12:00");
            assertEquals("maintenance at 12:00", c.notification("client.show_message").get("params").get(0).asText());
            f.server.setVersionMask(0x1fff0000);
            assertEquals("1fff0000", c.notification("mining.set_version_mask").get("params").get(0).asText(), "pool mask intersected with the miner's");
            assertEquals(1, f.server.renewExtranonces());
            JsonNode setEn = c.notification("mining.set_extranonce");
            assertNotEquals(en1, setEn.get("params").get(0).asText());
            assertEquals(4, setEn.get("params").get(1).asInt());
            JsonNode clean = c.notification("mining.notify");
            assertTrue(clean.get("params").get(8).asBoolean());
            f.server.reconnectAll("pool.example.com", 3334, 5);
            JsonNode rc = c.notification("client.reconnect");
            assertEquals("[\"pool.example.com\",3334,5]", rc.get("params").toString());
        }
    }
}
