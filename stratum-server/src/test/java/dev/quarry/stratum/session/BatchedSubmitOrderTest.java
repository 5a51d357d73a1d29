package dev.quarry.stratum.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.server.StratumServerConfig;
import dev.quarry.stratum.share.ShareValidationPath;
import dev.quarry.stratum.testkit.ContractAuthorizer;
import dev.quarry.stratum.testkit.InMemoryJournal;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import dev.quarry.stratum.testkit.TestMiner;
import dev.quarry.stratum.testkit.TestWorkSource;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection's answers come in request order although submits are hashed later in a batch
 * (native path) and accepted ones wait for the journal: requests pipelined behind a submit
 * (ping, suggest_difficulty, get_transactions, an unknown method, further submits) must not be
 * answered before it.
 */
class BatchedSubmitOrderTest {

    private static final Job JOB = TestWorkSource.renamed(ShareVector.named("slush_docs_testnet3_block").job(), "cur", true);
    private static final double DIFFICULTY = 0x1p-31;

    @ParameterizedTest
    @EnumSource(ShareValidationPath.class)
    void answersFollowRequestOrderWhileSubmitsWaitForTheBatchAndTheJournal(ShareValidationPath path) throws Exception {
        PortConfig port = PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(DIFFICULTY), 4);
        StratumServerConfig config = StratumServerConfig.of(List.of(port)).withAbuse(AbuseConfig.defaults()).withIoThreads(1)
                .withShareValidation(path);
        try (ServerFixture f = new ServerFixture(config, new TestWorkSource(JOB), new ContractAuthorizer(Set.of("c")));
             StratumTestClient c = f.connect()) {
            String en1 = c.handshake("c.rig").get(1).asText();
            c.notification("mining.notify");
            TestMiner miner = new TestMiner(en1, "c.rig");
            String good1 = miner.find(JOB, "00000001", 10, o -> o.meets(TestMiner.target(DIFFICULTY)));
            String low = miner.find(JOB, "00000002", 13, o -> !o.meets(TestMiner.target(DIFFICULTY)));
            String good2 = miner.find(JOB, "00000003", 15, o -> o.meets(TestMiner.target(DIFFICULTY)));
            String[] lines = {
                    good1,
                    "{\"id\":11,\"method\":\"mining.ping\",\"params\":[]}",
                    "{\"id\":12,\"method\":\"mining.suggest_difficulty\",\"params\":[1]}",
                    low,
                    "{\"id\":14,\"method\":\"mining.get_transactions\",\"params\":[]}",
                    good2,
                    good1.replace("\"id\":10", "\"id\":16"),
                    "{\"id\":17,\"method\":\"mining.nothing\",\"params\":[]}",
                    "{\"id\":18,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}",
            };
            f.journal.mode(InMemoryJournal.Mode.HOLD);
            c.sendRaw((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

            // both accepted shares reach the journal; while it holds them nothing may be answered
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (f.journal.heldCount() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(2, f.journal.heldCount());
            List<JsonNode> early = c.drain(200);
            assertTrue(early.stream().allMatch(n -> n.has("method")), "answered before the first submit: " + early);

            f.journal.releaseAll();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                JsonNode r = c.readJson();
                while (r.has("method")) r = c.readJson();
                got.add(r.get("id").asInt() + " " + (r.get("error").isNull() ? r.get("result").asText() : r.get("error").get(0).asInt()));
            }
            assertEquals(List.of("10 true", "11 pong", "12 true", "13 23", "14 ", "15 true", "16 22", "17 20", "18 true"), got);
            assertEquals(2, f.journal.stored().size());
        }
    }
}
