package dev.quarry.stratum.abuse;

import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.testkit.TestWorkSource;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idle, slowloris, connection floods and invalid-share floods, with short test limits. */
class AbuseTest {

    private static final ShareVector V = ShareVector.named("public_pool_testnet_version_rolled");

    private static ServerFixture server(AbuseConfig abuse) throws InterruptedException {
        return ServerFixture.withPort(PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(512), 4),
                abuse, Set.of(V.contract()), V.job());
    }

    @Test
    void noSubscribeWithinTheTimeoutDisconnects() throws Exception {
        try (ServerFixture f = server(AbuseConfig.defaults().withSubscribeTimeout(Duration.ofMillis(300)));
             StratumTestClient idle = f.connect(); StratumTestClient subscribed = f.connect()) {
            subscribed.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            subscribed.response(1);
            assertTrue(idle.closedByServer(3000));
            assertFalse(subscribed.closedByServer(300), "a subscribed miner is not affected");
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "subscribe_timeout"));
        }
    }

    @Test
    void silentConnectionHitsTheIdleTimeout() throws Exception {
        try (ServerFixture f = server(AbuseConfig.defaults().withIdleTimeout(Duration.ofMillis(300)));
             StratumTestClient c = f.connect()) {
            c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            c.response(1);
            assertTrue(c.closedByServer(3000));
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "idle"));
        }
    }

    @Test
    void idleTimeoutClosesOnlyTheSilentConnections() throws Exception {
        // Six connections over the server's event loops, so several share a loop's sweep list:
        // two stay silent, two talk throughout, two leave early (unlinked from the middle of it).
        try (ServerFixture f = server(AbuseConfig.defaults().withIdleTimeout(Duration.ofMillis(400)))) {
            List<StratumTestClient> c = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    StratumTestClient k = f.connect();
                    c.add(k);
                    k.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
                    k.response(1);
                }
                c.get(1).close();
                c.get(4).close();
                for (int round = 0; round < 8; round++) {  // 8 x 150 ms: three idle timeouts
                    Thread.sleep(150);
                    for (int i : new int[]{2, 3}) {
                        c.get(i).send("{\"id\":" + (10 + round) + ",\"method\":\"mining.extranonce.subscribe\",\"params\":[]}");
                        c.get(i).response(10 + round);
                    }
                }
                assertTrue(c.get(0).closedByServer(2000));
                assertTrue(c.get(5).closedByServer(2000));
                assertFalse(c.get(2).closedByServer(1), "a talking miner is not idle");
                assertFalse(c.get(3).closedByServer(1), "a talking miner is not idle");
                assertEquals(2, f.counter("quarry.stratum.disconnects", "reason", "idle"));
            } finally {
                for (StratumTestClient k : c) k.close();
            }
        }
    }

    @Test
    void slowlorisPartialLineIsCutOff() throws Exception {
        try (ServerFixture f = server(AbuseConfig.defaults().withMaxLineTime(Duration.ofMillis(200)));
             StratumTestClient c = f.connect()) {
            String line = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}";
            boolean closed = false;
            for (int i = 0; i < line.length() && !closed; i++) {
                try {
                    c.sendRaw(new byte[]{(byte) line.charAt(i)});
                } catch (java.io.IOException e) {
                    closed = true;
                    break;
                }
                Thread.sleep(60);
                if (i > 6 && c.closedByServer(1)) closed = true;
            }
            assertTrue(closed || c.closedByServer(2000));
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "slow_line"));
        }
    }

    @Test
    void tooManyConnectionsFromOneAddressAreRefused() throws Exception {
        try (ServerFixture f = server(AbuseConfig.defaults().withConnectionLimits(3, 100, Duration.ofSeconds(10)))) {
            List<StratumTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) clients.add(f.connect());
                for (StratumTestClient c : clients) {
                    c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
                    c.response(1);
                }
                StratumTestClient fourth = f.connect();
                clients.add(fourth);
                assertTrue(fourth.closedByServer(2000));
                assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "too_many_connections"));
                clients.get(0).close();
                Thread.sleep(100);
                StratumTestClient again = f.connect();
                clients.add(again);
                again.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
                assertTrue(again.response(1).get("result").isArray(), "a slot freed by a close can be used again");
            } finally {
                for (StratumTestClient c : clients) c.close();
            }
        }
    }

    @Test
    void connectionRateFloodIsRefused() throws Exception {
        try (ServerFixture f = server(AbuseConfig.defaults().withConnectionLimits(100, 5, Duration.ofSeconds(10)))) {
            int refused = 0;
            for (int i = 0; i < 8; i++) {
                try (StratumTestClient c = f.connect()) {
                    if (c.closedByServer(150)) refused++;
                }
            }
            assertEquals(3, refused);
            assertEquals(3, f.counter("quarry.stratum.disconnects", "reason", "connect_rate"));
        }
    }

    @Test
    void invalidShareFloodBansTheAddressTemporarily() throws Exception {
        AbuseConfig abuse = AbuseConfig.defaults().withInvalidShareBan(5, Duration.ofSeconds(10), Duration.ofMillis(700));
        try (ServerFixture f = server(abuse)) {
            try (StratumTestClient c = f.connect()) {
                c.handshake(V.worker());
                for (int i = 0; i < 6; i++) {
                    c.send("{\"id\":" + (10 + i) + ",\"method\":\"mining.submit\",\"params\":[\"" + V.worker() + "\",\"nojob\",\"00000000\",\"64b3f3ec\",\"00000000\"]}");
                }
                assertTrue(c.closedByServer(2000));
            }
            assertEquals(1, f.counter("quarry.stratum.bans", "reason", "invalid_shares"));
            try (StratumTestClient banned = f.connect()) {
                assertTrue(banned.closedByServer(2000), "the banned address is refused");
            }
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "banned"));
            Thread.sleep(800);
            try (StratumTestClient later = f.connect()) {
                later.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
                assertTrue(later.response(1).get("result").isArray(), "the ban expires");
            }
        }
    }

    @Test
    void staleSharesDoNotCountTowardsABan() throws Exception {
        AbuseConfig abuse = AbuseConfig.defaults().withInvalidShareBan(2, Duration.ofSeconds(10), Duration.ofMinutes(1));
        try (ServerFixture f = server(abuse); StratumTestClient c = f.connect()) {
            c.handshake(V.worker());
            c.notification("mining.notify");
            f.work.markStale(V.job().jobId());
            for (int i = 0; i < 5; i++) {
                c.send(V.submitLine(20 + i));
                assertEquals(21, c.response(20 + i).get("error").get(0).asInt());
            }
            assertFalse(c.closedByServer(200));
        }
    }

    @Test
    void aMinerThatStopsReadingIsClosedWithoutHurtingTheOthers() throws Exception {
        // Jobs with a 12 KB coinbase tail: ~24 KB per notify line, so a few hundred fill any socket buffer.
        Job big = new Job("big", V.job().template(), V.job().prevHash(), V.job().coinb1(), new byte[12 * 1024], V.job().merkleBranch(),
                V.job().version(), V.job().bits(), V.job().ntime(), false, 0);
        try (ServerFixture f = server(AbuseConfig.defaults().withSlowReaderTimeout(Duration.ofMillis(300)));
             StratumTestClient stuck = StratumTestClient.connectWithReceiveBuffer(f.address(), 4096);
             StratumTestClient healthy = f.connect()) {
            stuck.handshake(V.worker());
            healthy.handshake(V.worker());
            // Bounded: at most 800 jobs; the stuck miner never reads them, the healthy one keeps up.
            for (int i = 0; i < 800 && f.counter("quarry.stratum.disconnects", "reason", "slow_reader") == 0; i++) {
                f.work.publish(TestWorkSource.renamed(big, "s" + i, false));
                if (i % 50 == 49) healthy.drain(30);
            }
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (f.counter("quarry.stratum.disconnects", "reason", "slow_reader") == 0 && System.nanoTime() < deadline) {
                healthy.drain(30);
            }
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "slow_reader"));
            healthy.drain(50);
            f.work.publish(TestWorkSource.renamed(V.job(), "after", false));
            assertEquals("after", healthy.notification("mining.notify").get("params").get(0).asText());
        }
    }

    @Test
    void banListAndLimiterArePureAndExpire() throws Exception {
        long[] now = {0};
        BanList bans = new BanList(() -> now[0]);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        bans.ban(a, 100);
        assertTrue(bans.isBanned(a));
        now[0] = 100;
        assertFalse(bans.isBanned(a));
        ConnectionLimiter l = new ConnectionLimiter(1, 2, 50, () -> now[0]);
        assertEquals(ConnectionLimiter.Admission.ADMITTED, l.tryOpen(a));
        assertEquals(ConnectionLimiter.Admission.TOO_MANY_CONCURRENT, l.tryOpen(a));
        l.closed(a);
        assertEquals(ConnectionLimiter.Admission.TOO_MANY_NEW, l.tryOpen(a));
        now[0] += 51;
        assertEquals(ConnectionLimiter.Admission.ADMITTED, l.tryOpen(a));
        InvalidShareTracker t = new InvalidShareTracker(2, 10);
        assertFalse(t.recordInvalid(0));
        assertFalse(t.recordInvalid(1));
        assertTrue(t.recordInvalid(2));
        assertFalse(new InvalidShareTracker(2, 10).recordInvalid(100));
    }
}
