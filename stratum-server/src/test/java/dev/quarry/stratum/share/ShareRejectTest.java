package dev.quarry.stratum.share;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.stratum.testkit.InMemoryJournal;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every share-check reason, produced over a real socket with the public-pool vector (a valid
 * share of difficulty 669.87 with version bits 00002000) and answered with its Stratum code,
 * "reject-reason" and counter.
 */
class ShareRejectTest {

    private static final ShareVector V = ShareVector.named("public_pool_testnet_version_rolled");

    private static ServerFixture server(double difficulty) throws InterruptedException {
        ServerFixture f = ServerFixture.fixed(difficulty, V.extranonce2Size(), Set.of(V.contract()), V.job());
        f.extranonces.next(V.extranonce1());
        return f;
    }

    private static StratumTestClient ready(ServerFixture f, boolean configure) throws IOException {
        StratumTestClient c = f.connect();
        if (configure) {
            c.send("{\"id\":\"cfg\",\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\"}]}");
            c.response("\"cfg\"");
        }
        c.handshake(V.worker());
        c.notification("mining.notify");
        return c;
    }

    private static String submit(String worker, String jobId, String en2, String ntime, String nonce, String vb) {
        return "{\"id\":9,\"method\":\"mining.submit\",\"params\":[\"" + worker + "\",\"" + jobId + "\",\"" + en2 + "\",\"" + ntime + "\",\""
                + nonce + "\"" + (vb == null ? "" : ",\"" + vb + "\"") + "]}";
    }

    private static void assertRejected(ServerFixture f, StratumTestClient c, String line, RejectReason reason) throws IOException {
        double before = f.counter("quarry.shares", "result", "rejected", "reason", reason.metricName());
        c.send(line);
        JsonNode r = c.response(9);
        assertFalse(r.get("result").asBoolean(true), r.toString());
        assertEquals(reason.code(), r.get("error").get(0).asInt(), r.toString());
        assertTrue(r.get("error").get(1).asText().startsWith(reason.message()), r.toString());
        assertTrue(r.get("reject-reason").asText().startsWith(reason.message()), r.toString());
        assertEquals(before + 1, f.counter("quarry.shares", "result", "rejected", "reason", reason.metricName()));
    }

    @Test
    void notSubscribed() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = f.connect()) {
            assertRejected(f, c, V.submitLine(9), RejectReason.NOT_SUBSCRIBED);
        }
    }

    @Test
    void unauthorizedWorker() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            assertRejected(f, c, V.submitLine(9, V.contract() + ".someoneelse"), RejectReason.UNAUTHORIZED_WORKER);
            assertTrue(f.journal.stored().isEmpty());
        }
    }

    @Test
    void rejectsAndDifficultyReachTheWorkerActivityListenerForAuthorizedWorkersOnly() throws Exception {
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerFixture f = server(512)) {
            f.server.setWorkerActivityListener(new dev.quarry.stratum.session.WorkerActivityListener() {
                @Override
                public void difficultyChanged(String worker, double difficulty) {
                    events.add("diff " + worker + " " + difficulty);
                }

                @Override
                public void shareRejected(String worker, String reason, long timeMillis) {
                    events.add("reject " + worker + " " + reason);
                }
            });
            try (StratumTestClient c = ready(f, true)) {
                assertRejected(f, c, submit(V.worker(), "nosuchjob", V.extranonce2(), V.ntime(), V.nonce(), V.versionBits()), RejectReason.JOB_NOT_FOUND);
                assertRejected(f, c, V.submitLine(9, V.contract() + ".someoneelse"), RejectReason.UNAUTHORIZED_WORKER);
            }
        }
        assertEquals(java.util.List.of("reject " + V.worker() + " " + RejectReason.JOB_NOT_FOUND.metricName()),
                events.stream().filter(e -> e.startsWith("reject")).toList());
        assertTrue(events.contains("diff " + V.worker() + " 512.0"), events.toString());
    }

    @Test
    void unknownJob() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            assertRejected(f, c, submit(V.worker(), "nosuchjob", V.extranonce2(), V.ntime(), V.nonce(), V.versionBits()), RejectReason.JOB_NOT_FOUND);
        }
    }

    @Test
    void staleJobAfterNewBlock() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            f.work.markStale(V.job().jobId());
            assertRejected(f, c, V.submitLine(9), RejectReason.STALE);
        }
    }

    @Test
    void duplicateKeyedOnHeaderHashWhateverTheHexCase() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            c.send(V.submitLine(8));
            assertTrue(c.response(8).get("result").asBoolean());
            assertRejected(f, c, submit(V.worker(), V.job().jobId(), V.extranonce2().toUpperCase(), V.ntime().toUpperCase(),
                    V.nonce().toUpperCase(), V.versionBits()), RejectReason.DUPLICATE);
            assertEquals(1, f.journal.stored().size());
        }
    }

    @Test
    void lowDifficulty() throws Exception {
        try (ServerFixture f = server(1024); StratumTestClient c = ready(f, true)) {
            assertRejected(f, c, V.submitLine(9), RejectReason.LOW_DIFFICULTY);
        }
    }

    @Test
    void ntimeOutsideTheCkpoolWindow() throws Exception {
        int jobNtime = V.job().ntime();
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            assertRejected(f, c, submit(V.worker(), V.job().jobId(), V.extranonce2(), Integer.toHexString(jobNtime - 1), V.nonce(), V.versionBits()),
                    RejectReason.NTIME_OUT_OF_RANGE);
            assertRejected(f, c, submit(V.worker(), V.job().jobId(), V.extranonce2(), Integer.toHexString(jobNtime + 7001), V.nonce(), V.versionBits()),
                    RejectReason.NTIME_OUT_OF_RANGE);
        }
    }

    @Test
    void versionBitsOutsideTheNegotiatedMask() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            assertRejected(f, c, submit(V.worker(), V.job().jobId(), V.extranonce2(), V.ntime(), V.nonce(), "e0000000"), RejectReason.INVALID_VERSION_MASK);
        }
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, false)) {
            // No mining.configure: no bits may be rolled at all.
            assertRejected(f, c, V.submitLine(9), RejectReason.INVALID_VERSION_MASK);
        }
    }

    @Test
    void wrongExtranonce2Size() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            assertRejected(f, c, submit(V.worker(), V.job().jobId(), "c70800", V.ntime(), V.nonce(), V.versionBits()), RejectReason.WRONG_EXTRANONCE2_SIZE);
            assertRejected(f, c, submit(V.worker(), V.job().jobId(), "c708000000", V.ntime(), V.nonce(), V.versionBits()), RejectReason.WRONG_EXTRANONCE2_SIZE);
        }
    }

    @Test
    void malformedHexAndParams() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            assertRejected(f, c, submit(V.worker(), V.job().jobId(), "zz080000", V.ntime(), V.nonce(), V.versionBits()), RejectReason.MALFORMED);
            assertRejected(f, c, submit(V.worker(), V.job().jobId(), V.extranonce2(), V.ntime(), "ed46 d91", V.versionBits()), RejectReason.MALFORMED);
            assertRejected(f, c, submit(V.worker(), V.job().jobId(), V.extranonce2(), "164b3f3ec", V.nonce(), V.versionBits()), RejectReason.MALFORMED);
            assertRejected(f, c, "{\"id\":9,\"method\":\"mining.submit\",\"params\":[\"" + V.worker() + "\",\"1\"]}", RejectReason.MALFORMED);
            assertRejected(f, c, "{\"id\":9,\"method\":\"mining.submit\",\"params\":[\"" + V.worker() + "\",1,2,3,4]}", RejectReason.MALFORMED);
            // The connection is still usable and the real share is accepted afterwards.
            c.send(V.submitLine(10));
            assertTrue(c.response(10).get("result").asBoolean());
        }
    }

    @Test
    void journalFailureIsNotAcknowledgedAndMayBeRetried() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            f.journal.mode(InMemoryJournal.Mode.FAIL);
            assertRejected(f, c, V.submitLine(9), RejectReason.NOT_RECORDED);
            f.journal.mode(InMemoryJournal.Mode.IMMEDIATE);
            c.send(V.submitLine(11));
            assertTrue(c.response(11).get("result").asBoolean(), "a share that was never stored is not a duplicate");
            assertEquals(1, f.journal.stored().size());
        }
    }

    @Test
    void aShareStoredAfterTheMinerLeftIsStillStoredOnce() throws Exception {
        try (ServerFixture f = server(512)) {
            try (StratumTestClient c = ready(f, true)) {
                f.journal.mode(InMemoryJournal.Mode.HOLD);
                c.send(V.submitLine(12));
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (f.journal.heldCount() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            }
            Thread.sleep(100);
            f.journal.releaseAll();
            assertEquals(1, f.journal.stored().size());
            assertEquals(1.0, f.awaitCounter(1, "quarry.shares", "result", "accepted"));
        }
    }

    @Test
    void theMinersTrueWaitsForTheJournal() throws Exception {
        try (ServerFixture f = server(512); StratumTestClient c = ready(f, true)) {
            f.journal.mode(InMemoryJournal.Mode.HOLD);
            c.send(V.submitLine(12));
            c.send("{\"id\":13,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}");
            assertTrue(c.drain(300).stream().noneMatch(n -> n.has("result")), "neither the share nor the later request may be answered before the journal completes");
            assertEquals(1, f.journal.heldCount());
            f.journal.releaseAll();
            JsonNode first = c.readJson();
            JsonNode second = c.readJson();
            assertEquals(12, first.get("id").asInt());
            assertTrue(first.get("result").asBoolean());
            assertEquals(13, second.get("id").asInt(), "answers stay in request order");
        }
    }
}
