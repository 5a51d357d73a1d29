package dev.quarry.stratum.vardiff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.share.RejectReason;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import dev.quarry.stratum.testkit.TestMiner;
import dev.quarry.stratum.testkit.TestWorkSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The difficulty switch over a real socket: a miner that is too fast gets a higher difficulty
 * with the next job; shares it still finds on the older job are judged by the older job's
 * difficulty (no low-difficulty rejects at the switch), shares on the new job by the new one.
 */
class VardiffSwitchTest {

    @Test
    void retargetAppliesToTheNextJobOnlyAndCausesNoLowDifficultyRejects() throws Exception {
        Job a = TestWorkSource.renamed(ShareVector.named("slush_docs_testnet3_block").job(), "a1", true);
        Job b = TestWorkSource.renamed(a, "b2", false);
        double start = 0x1p-32;
        VardiffConfig vd = new VardiffConfig(Duration.ofSeconds(1), Duration.ofSeconds(30), 8, 0.3, 0x1p-32, 1);
        PortConfig port = PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.variable(start, vd), 4);
        try (ServerFixture f = ServerFixture.withPort(port, AbuseConfig.defaults(), Set.of("slush"), a);
             StratumTestClient c = f.connect()) {
            String en1 = c.handshake("slush.rig").get(1).asText();
            assertEquals(start, c.notification("mining.set_difficulty").get("params").get(0).asDouble());
            assertEquals("a1", c.notification("mining.notify").get("params").get(0).asText());
            TestMiner miner = new TestMiner(en1, "slush.rig");

            // 8 shares at once at difficulty 2^-32: far faster than one per second, so vardiff raises it (by at most 8x).
            for (int id = 10; id < 18; id++) {
                c.send(miner.find(a, "00000001", id, o -> true));
                assertTrue(c.response(id).get("result").asBoolean());
            }
            double raised = 8 * start;
            Target256Check newTarget = new Target256Check(raised);

            // The new difficulty is not announced before a new job...
            assertTrue(c.drain(200).stream().noneMatch(n -> "mining.set_difficulty".equals(n.path("method").asText())));
            f.work.publish(b);
            JsonNode setDiff = c.notification("mining.set_difficulty");
            assertEquals(raised, setDiff.get("params").get(0).asDouble());
            assertEquals("b2", c.notification("mining.notify").get("params").get(0).asText());

            // ...and shares still found on job a that miss the new difficulty are accepted (judged at a's difficulty).
            for (int id = 20; id < 24; id++) {
                c.send(miner.find(a, "00000002", id, o -> !newTarget.met(o)));
                JsonNode r = c.response(id);
                assertTrue(r.get("result").asBoolean(), r.toString());
            }
            assertEquals(0, f.counter("quarry.shares", "result", "rejected", "reason", RejectReason.LOW_DIFFICULTY.metricName()));

            // On job b the new difficulty is in force.
            c.send(miner.find(b, "00000003", 30, o -> !newTarget.met(o)));
            assertEquals(23, c.response(30).get("error").get(0).asInt());
            c.send(miner.find(b, "00000003", 31, newTarget::met));
            assertTrue(c.response(31).get("result").asBoolean());
            List<Double> credited = f.journal.stored().stream().map(s -> s.difficulty()).toList();
            assertEquals(start, credited.get(8), "a share on job a after the switch is credited a's difficulty");
            assertEquals(raised, credited.get(credited.size() - 1));
        }
    }

    private record Target256Check(double difficulty) {
        boolean met(dev.quarry.pow.share.ShareOutcome o) {
            return o.meets(TestMiner.target(difficulty));
        }
    }
}
