package dev.quarry.simulate;

import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.job.CoinbaseBuilder;
import dev.quarry.stratum.job.CoinbaseConfig;
import dev.quarry.stratum.job.JobBuilder;
import dev.quarry.stratum.job.JobManager;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.server.StratumServer;
import dev.quarry.stratum.server.StratumServerConfig;
import dev.quarry.stratum.session.WorkerAuthorizer;
import dev.quarry.stratum.template.sim.SimChain;
import dev.quarry.stratum.template.sim.SimChainConfig;
import dev.quarry.stratum.testkit.InMemoryJournal;
import dev.quarry.stratum.testkit.RecordingBlockSink;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.TestWorkSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator against the real Quarry Stratum server (Netty, full share validation, journal
 * acknowledgements): a few miners of every firmware profile for a few seconds.
 */
@Tag("slow")
@Timeout(60)
class FleetEndToEndTest {

    static final ShareVector VECTOR = ShareVector.named("public_pool_testnet_version_rolled");

    static FleetConfig config(ServerFixture f, int miners, ShareMode mode, double rate, Duration duration) {
        String url = "stratum+tcp://127.0.0.1:" + f.address().getPort();
        return new FleetConfig(StratumUrl.parse(url), miners, ProfileMix.parse("mix"), mode, rate, duration, 1000,
                "demo.rig{n}", "x", 1, 1, 1, 0, Set.of(), 5, null, false, Duration.ofSeconds(2), Duration.ZERO);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> summary, String key) {
        return (Map<String, Object>) summary.get(key);
    }

    @Test
    void realModeSharesOfEveryProfileAreAcceptedAndJournaled() throws Exception {
        try (ServerFixture server = ServerFixture.fixed(Math.pow(2, -16), 4, Set.of("demo"), VECTOR.job())) {
            Map<String, Object> s = new Fleet(config(server, 3, ShareMode.REAL, 1, Duration.ofSeconds(4))).run(System.err).asMap();
            Map<String, Object> shares = section(s, "shares");
            Map<String, Object> conn = section(s, "connections");
            assertEquals(0L, conn.get("handshakeFailures"), conn.toString());
            assertEquals(3, conn.get("peak"));
            long accepted = (Long) shares.get("accepted");
            assertTrue(accepted >= 6, shares.toString());
            assertEquals(0L, shares.get("rejected"), shares.toString());
            assertEquals(accepted, server.journal.stored().size(), "every acknowledged share is in the journal");
            assertEquals(0L, s.get("protocolErrors"));
        }
    }

    @Test
    void syntheticLoadAtTinyDifficultyIsAcceptedAndACleanJobReachesEveryMiner() throws Exception {
        try (ServerFixture server = ServerFixture.fixed(Math.pow(2, -32), 4, Set.of("demo"), VECTOR.job())) {
            Fleet fleet = new Fleet(config(server, 6, ShareMode.SYNTHETIC, 20, Duration.ofSeconds(4)));
            Thread broadcaster = new Thread(() -> {
                try {
                    long end = System.nanoTime() + 10_000_000_000L;
                    while (fleet.stats().authorized.get() < 6 && System.nanoTime() < end) Thread.sleep(20);
                    Thread.sleep(300);
                    server.work.publish(TestWorkSource.renamed(VECTOR.job(), "newblock", true));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            broadcaster.start();
            Map<String, Object> s = fleet.run(System.err).asMap();
            broadcaster.join();
            Map<String, Object> shares = section(s, "shares");
            long submitted = (Long) shares.get("submitted");
            long accepted = (Long) shares.get("accepted");
            assertTrue(submitted > 50, shares.toString());
            // only shares in flight across the clean job may be stale; 1 in 65536 hashes misses the 2^-32 target
            long stale = submitted - accepted;
            assertTrue(stale <= 12, shares.toString());
            assertEquals(accepted, server.journal.stored().size());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> receipts = (List<Map<String, Object>>) s.get("cleanJobReceipts");
            // exactly one broadcast (the first job after subscribing is not one), received by all six miners
            assertEquals(1, receipts.size(), receipts.toString());
            assertEquals(6L, receipts.get(0).get("miners"));
            assertTrue((Long) receipts.get(0).get("spreadMicros") >= 0);
            Map<String, Object> latency = section(s, "submitToVerdictMicros");
            assertTrue((Long) latency.get("p50") > 0);
        }
    }

    @Test
    void realJobsFromSimChainAndANewBlockReachEveryMinerWhoseSharesStayValid() throws Exception {
        SimChain chain = new SimChain(SimChainConfig.mainnetLike().withBlockInterval(Duration.ZERO).withTxsPerTemplate(30).withSeed(3));
        JobManager jobs = new JobManager(new JobBuilder(new CoinbaseBuilder(
                CoinbaseConfig.of(Hex.decode("0014e6f22ca44dc800e9d049621a3b9a42c509f1c4bc")))));
        chain.start(jobs);
        long heightBefore = chain.height();
        InMemoryJournal journal = new InMemoryJournal();
        RecordingBlockSink blocks = new RecordingBlockSink();
        PortConfig port = PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(Math.pow(2, -16)), 4);
        StratumServer server = new StratumServer(StratumServerConfig.of(List.of(port)).withAbuse(AbuseConfig.defaults()).withIoThreads(1),
                jobs, journal, blocks, (worker, password) -> WorkerAuthorizer.Decision.allow(), new SimpleMeterRegistry());
        server.start();
        try {
            FleetConfig cfg = new FleetConfig(StratumUrl.parse("stratum+tcp://127.0.0.1:" + server.boundPort("main")), 3,
                    ProfileMix.parse("mix"), ShareMode.REAL, 1, Duration.ofSeconds(6), 1000, "demo.rig{n}", "x", 1, 1, 1, 0,
                    Set.of(), 9, null, false, Duration.ofSeconds(2), Duration.ZERO);
            Fleet fleet = new Fleet(cfg);
            Thread newBlock = new Thread(() -> {
                try {
                    long end = System.nanoTime() + 20_000_000_000L;
                    while (fleet.stats().accepted.sum() < 3 && System.nanoTime() < end) Thread.sleep(20);
                    chain.mineElsewhere();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            newBlock.start();
            Map<String, Object> s = fleet.run(System.err).asMap();
            newBlock.join();
            Map<String, Object> shares = section(s, "shares");
            long accepted = (Long) shares.get("accepted");
            assertTrue(accepted >= 6, shares.toString());
            @SuppressWarnings("unchecked")
            Map<String, Long> rejected = (Map<String, Long>) shares.get("rejectedByReason");
            assertTrue(rejected.keySet().stream().allMatch(r -> r.toLowerCase().contains("stale") || r.toLowerCase().contains("job")),
                    "only shares in flight across the new block may be refused: " + rejected);
            assertEquals(accepted, journal.stored().size());
            assertEquals(heightBefore + 1, chain.height(), "only the block found elsewhere");
            assertTrue(blocks.found().isEmpty(), "at mainnet-like difficulty no share is a block");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> receipts = (List<Map<String, Object>>) s.get("cleanJobReceipts");
            assertEquals(1, receipts.size(), receipts.toString());
            assertEquals(3L, receipts.get(0).get("miners"));
            assertEquals(0L, s.get("protocolErrors"));
        } finally {
            server.close();
            chain.close();
        }
    }
}
