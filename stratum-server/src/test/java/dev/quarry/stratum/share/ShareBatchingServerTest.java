package dev.quarry.stratum.share;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.nativeengine.NativeEngine;
import dev.quarry.pow.nativeengine.NativeMode;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.server.StratumServerConfig;
import dev.quarry.stratum.testkit.ContractAuthorizer;
import dev.quarry.stratum.testkit.NettyLogWatch;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import dev.quarry.stratum.testkit.TestMiner;
import dev.quarry.stratum.testkit.TestWorkSource;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Submits batched per event loop on the native path, through a real server on loopback: many
 * connections each send a mix of accepted, low-difficulty, duplicate, stale and unknown-job
 * submits in one write (so the server decodes them in one read and they wait for the same
 * flush). The server on the native path must answer exactly as a server forced onto the Java
 * path, and must really have validated shares in batches.
 *
 * <p>Under {@code -Dquarry.native=off} the "native" server runs the Java path: then the test
 * checks that it says so and made no batch call, and the comparison still holds.
 */
class ShareBatchingServerTest {

    private static final Job STALE_JOB = TestWorkSource.renamed(ShareVector.named("slush_docs_testnet3_block").job(), "old", true);
    private static final Job JOB = TestWorkSource.renamed(ShareVector.named("slush_docs_testnet3_block").job(), "cur", true);
    /** About half of all hashes meet 2^-31, so accepted and low-difficulty shares are both cheap to find. */
    private static final double DIFFICULTY = 0x1p-31;
    private static final int CONNECTIONS = 12;

    /** What each connection sends, in this order, in one write. */
    private enum Kind { ACCEPTED, LOW, DUPLICATE_OF_PREVIOUS_ACCEPTED, STALE, UNKNOWN_JOB }

    private static final List<Kind> SCRIPT = List.of(
            Kind.ACCEPTED, Kind.DUPLICATE_OF_PREVIOUS_ACCEPTED, Kind.LOW, Kind.ACCEPTED, Kind.STALE, Kind.ACCEPTED,
            Kind.LOW, Kind.ACCEPTED, Kind.UNKNOWN_JOB, Kind.ACCEPTED, Kind.DUPLICATE_OF_PREVIOUS_ACCEPTED, Kind.LOW, Kind.ACCEPTED);

    private record Run(List<String> extranonces, List<List<String>> answers, Set<String> stored, ShareValidationStats stats) {
    }

    private static boolean nativeExpected() {
        // auto and on: the reactor build puts libquarrysha on the classpath, so native must be in use
        return NativeEngine.status().mode() != NativeMode.OFF;
    }

    @Test
    void concurrentSubmitsAreBatchedAndAnsweredExactlyLikeTheJavaPath() throws Exception {
        Run batched = run(ShareValidationPath.AUTO);
        Run java = run(ShareValidationPath.JAVA);

        assertEquals(batched.extranonces(), java.extranonces(), "both servers handed out the same extranonce1s, so the submits were identical");
        assertEquals(java.answers(), batched.answers(), "every connection got the same answers in the same order");
        assertEquals(java.stored(), batched.stored(), "the same shares reached the journal");

        // the verdicts are the ones the script asks for, not merely equal to each other
        long acceptedPerConnection = SCRIPT.stream().filter(k -> k == Kind.ACCEPTED).count();
        assertEquals(CONNECTIONS * acceptedPerConnection, batched.stored().size());
        for (List<String> answers : batched.answers()) {
            for (int i = 0; i < SCRIPT.size(); i++) {
                String expected = switch (SCRIPT.get(i)) {
                    case ACCEPTED -> "true";
                    case LOW -> "23 Low difficulty share";
                    case DUPLICATE_OF_PREVIOUS_ACCEPTED -> "22 Duplicate share";
                    case STALE -> "21 Stale job";
                    case UNKNOWN_JOB -> "21 Job not found";
                };
                assertEquals((100 + i) + " " + expected, answers.get(i));
            }
        }

        assertEquals("java", java.stats().engine());
        assertEquals(0, java.stats().batches(), "the Java path validates each share alone");
        if (nativeExpected()) {
            ShareValidationStats s = batched.stats();
            assertEquals("native-sha-ni", s.engine());
            assertTrue(s.batches() > 0, "no batch call happened: " + s);
            assertTrue(s.largestBatch() > 1, s.toString());
            assertTrue(s.sharesInBatches() >= 2 * s.batches(), s.toString());
            // stale and unknown-job submits are refused before hashing: everything else was hashed once
            long hashedPerConnection = SCRIPT.stream().filter(k -> k != Kind.STALE && k != Kind.UNKNOWN_JOB).count();
            assertEquals(CONNECTIONS * hashedPerConnection, s.sharesInBatches() + s.singleValidations(), s.toString());
        } else {
            assertEquals("java", batched.stats().engine());
            assertEquals(0, batched.stats().batches());
        }
    }

    @Test
    void identicalSubmitsInOneBatchAreAcceptedOnceAndRefusedAsDuplicateOnce() throws Exception {
        for (ShareValidationPath path : ShareValidationPath.values()) {
            try (ServerFixture f = fixture(path, 1, JOB); StratumTestClient c = f.connect()) {
                String en1 = c.handshake("c.rig").get(1).asText();
                c.notification("mining.notify");
                String share = new TestMiner(en1, "c.rig").find(JOB, "00000001", "ID", meets(true));
                // one write: both lines are decoded in one read, before the loop's flush runs
                c.sendRaw((share.replace("ID", "7") + "\n" + share.replace("ID", "8") + "\n").getBytes(StandardCharsets.UTF_8));
                assertEquals("7 true", answer(c.response(7)));
                assertEquals("8 22 Duplicate share", answer(c.response(8)));
                assertEquals(1, f.journal.stored().size());
                if (path == ShareValidationPath.AUTO && nativeExpected()) {
                    assertEquals(new ShareValidationStats("native-sha-ni", 1, 2, 0, 2), f.server.shareValidation(),
                            "the two identical shares were hashed in one batch call");
                } else {
                    assertEquals(new ShareValidationStats("java", 0, 0, 2, 0), f.server.shareValidation());
                }
            }
        }
    }

    private static Run run(ShareValidationPath path) throws Exception {
        try (NettyLogWatch nettyLog = new NettyLogWatch(); ServerFixture f = fixture(path, 2, STALE_JOB)) {
            List<StratumTestClient> clients = new ArrayList<>();
            List<String> extranonces = new ArrayList<>();
            try {
                // handshakes one after another, so connection i gets the same extranonce1 on both servers
                for (int i = 0; i < CONNECTIONS; i++) {
                    StratumTestClient c = f.connect();
                    clients.add(c);
                    extranonces.add(c.handshake("c.rig" + i).get(1).asText());
                    c.notification("mining.notify");
                }
                f.work.publish(JOB);
                for (StratumTestClient c : clients) c.notification("mining.notify");
                f.work.markStale(STALE_JOB.jobId());

                List<byte[]> scripts = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) scripts.add(script(extranonces.get(i), "c.rig" + i));

                ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
                try {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<List<String>>> answers = new ArrayList<>();
                    for (int i = 0; i < CONNECTIONS; i++) {
                        StratumTestClient c = clients.get(i);
                        byte[] lines = scripts.get(i);
                        answers.add(pool.submit(() -> {
                            go.await();
                            c.sendRaw(lines);
                            List<String> got = new ArrayList<>();
                            for (int k = 0; k < SCRIPT.size(); k++) {
                                JsonNode r = c.readJson();
                                while (r.has("method")) r = c.readJson();
                                got.add(answer(r));
                            }
                            return got;
                        }));
                    }
                    go.countDown();
                    List<List<String>> all = new ArrayList<>();
                    for (Future<List<String>> a : answers) all.add(a.get(30, TimeUnit.SECONDS));
                    Set<String> stored = new TreeSet<>();
                    f.journal.stored().forEach(s -> stored.add(HexFormat.of().formatHex(s.headerHash())));
                    assertTrue(nettyLog.warnings().isEmpty(), nettyLog.warnings().toString());
                    return new Run(extranonces, all, stored, f.server.shareValidation());
                } finally {
                    pool.shutdownNow();
                }
            } finally {
                for (StratumTestClient c : clients) c.close();
            }
        }
    }

    /** The connection's submits, ids 100.., one line each, as one buffer. */
    private static byte[] script(String extranonce1, String worker) {
        TestMiner miner = new TestMiner(extranonce1, worker);
        StringBuilder out = new StringBuilder();
        String lastAccepted = null;
        for (int i = 0; i < SCRIPT.size(); i++) {
            int id = 100 + i;
            String en2 = String.format("%08x", i);
            String line = switch (SCRIPT.get(i)) {
                case ACCEPTED -> lastAccepted = miner.find(JOB, en2, "ID", meets(true));
                case LOW -> miner.find(JOB, en2, "ID", meets(false));
                case DUPLICATE_OF_PREVIOUS_ACCEPTED -> lastAccepted;
                case STALE -> miner.find(STALE_JOB, en2, "ID", meets(true));
                case UNKNOWN_JOB -> miner.find(JOB, en2, "ID", meets(true)).replace("\"cur\"", "\"nope\"");
            };
            out.append(line.replace("\"id\":ID", "\"id\":" + id)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Predicate<ShareOutcome> meets(boolean wanted) {
        return o -> o.meets(TestMiner.target(DIFFICULTY)) == wanted;
    }

    /** "id true" or "id code message". */
    private static String answer(JsonNode r) {
        String id = r.get("id").asText();
        if (r.get("result").asBoolean(false)) return id + " true";
        return id + " " + r.get("error").get(0).asInt() + " " + r.get("error").get(1).asText();
    }

    private static ServerFixture fixture(ShareValidationPath path, int ioThreads, Job first) throws InterruptedException {
        PortConfig port = PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(DIFFICULTY), 4);
        StratumServerConfig config = StratumServerConfig.of(List.of(port)).withAbuse(AbuseConfig.defaults()).withIoThreads(ioThreads)
                .withShareValidation(path);
        return new ServerFixture(config, new TestWorkSource(first), new ContractAuthorizer(Set.of("c")));
    }
}
