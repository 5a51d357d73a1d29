package dev.quarry.stratum.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.testkit.NettyLogWatch;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import dev.quarry.stratum.testkit.TestMiner;
import dev.quarry.stratum.testkit.TestWorkSource;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many miners submitting at once over real sockets while misbehaving connections spam junk: every
 * good share is accepted exactly once, each connection gets its own answers, nothing reaches
 * Netty's log. Bounded: 24 miners x 25 shares, 6 spammers, 30 s at most.
 */
class ConcurrentMinersTest {

    private static final int MINERS = 24;
    private static final int SHARES = 25;

    @Test
    void goodMinersAreServedWhileOthersMisbehave() throws Exception {
        Job job = TestWorkSource.renamed(ShareVector.named("slush_docs_testnet3_block").job(), "cc", true);
        try (NettyLogWatch nettyLog = new NettyLogWatch();
             ServerFixture f = ServerFixture.withPort(PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(0x1p-32), 4),
                     AbuseConfig.defaults(), Set.of("c"), job)) {
            ExecutorService pool = Executors.newFixedThreadPool(MINERS + 6);
            try {
                List<Future<Integer>> good = new ArrayList<>();
                for (int m = 0; m < MINERS; m++) {
                    int miner = m;
                    good.add(pool.submit(() -> {
                        try (StratumTestClient c = f.connect()) {
                            String en1 = c.handshake("c.rig" + miner).get(1).asText();
                            c.notification("mining.notify");
                            TestMiner tm = new TestMiner(en1, "c.rig" + miner);
                            int accepted = 0;
                            for (int i = 0; i < SHARES; i++) {
                                c.send(tm.find(job, String.format("%08x", i), 100 + i, o -> true));
                            }
                            for (int i = 0; i < SHARES; i++) {
                                JsonNode r = c.readJson();
                                while (r.has("method")) r = c.readJson();
                                assertEquals(100 + i, r.get("id").asInt(), "answers in order on each connection");
                                if (r.get("result").asBoolean()) accepted++;
                            }
                            return accepted;
                        }
                    }));
                }
                List<Future<?>> bad = new ArrayList<>();
                for (int s = 0; s < 6; s++) {
                    int kind = s;
                    bad.add(pool.submit(() -> {
                        try (StratumTestClient c = f.connect()) {
                            for (int i = 0; i < 40; i++) {
                                switch (kind % 3) {
                                    case 0 -> c.send("{\"id\":" + i + ",\"method\":\"mining.submit\",\"params\":[\"x\",\"cc\",\"zz\",\"1\",\"2\"]}");
                                    case 1 -> c.send("{not json " + i);
                                    default -> c.send("{\"id\":" + i + ",\"method\":\"mining.nothing\",\"params\":[]}");
                                }
                            }
                            c.closedByServer(200);
                        } catch (java.io.IOException closed) {
                            // the server may cut a spammer off: that is its right
                        }
                        return null;
                    }));
                }
                int total = 0;
                for (Future<Integer> g : good) total += g.get(30, TimeUnit.SECONDS);
                for (Future<?> b : bad) b.get(30, TimeUnit.SECONDS);
                assertEquals(MINERS * SHARES, total);
                assertEquals(MINERS * SHARES, f.journal.stored().size());
                Set<String> hashes = new HashSet<>();
                f.journal.stored().forEach(s -> hashes.add(java.util.HexFormat.of().formatHex(s.headerHash())));
                assertEquals(MINERS * SHARES, hashes.size(), "every stored share is distinct");
                assertTrue(nettyLog.warnings().isEmpty(), nettyLog.warnings().toString());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
