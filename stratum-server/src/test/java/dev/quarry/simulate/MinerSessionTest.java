package dev.quarry.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinerSessionTest {

    static final String CONFIGURE_OK = "{\"id\":%d,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"},\"error\":null}";
    static final String SUBSCRIBE_OK = "{\"id\":%d,\"result\":[[[\"mining.notify\",\"57a6f098\"]],\"57a6f098\",4],\"error\":null}";
    static final String TRUE = "{\"id\":%d,\"result\":true,\"error\":null}";
    static final JsonNode VECTOR = Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled");

    final RecordingEvents ev = new RecordingEvents();

    MinerSession session(FirmwareProfile p) {
        return new MinerSession(p, "demo.rig0", "x", new SplittableRandom(7), ev, null);
    }

    /** Drives a session through a successful handshake, answering whatever it asks. */
    MinerSession ready(FirmwareProfile p) {
        MinerSession s = session(p);
        s.start(0);
        for (int guard = 0; guard < 6; guard++) { // answer every request, including ones sent after authorize
            for (String line : List.copyOf(ev.sent)) {
                JsonNode m = read(line);
                if (m.has("answered")) continue;
                int id = m.get("id").asInt();
                String method = m.get("method").asText();
                ev.sent.set(ev.sent.indexOf(line), line.replaceFirst("\\{", "{\"answered\":1,"));
                switch (method) {
                    case "mining.configure" -> s.onLine(String.format(CONFIGURE_OK, id), 1);
                    case "mining.subscribe" -> s.onLine(String.format(SUBSCRIBE_OK, id), 1);
                    default -> s.onLine(String.format(TRUE, id), 1);
                }
            }
        }
        assertEquals(MinerSession.State.READY, s.state());
        ev.sent.clear();
        return s;
    }

    static JsonNode read(String line) {
        try {
            return ScriptedPool.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void espMinerPipelinesConfigureSubscribeAuthorizeAsIds123() {
        MinerSession s = session(FirmwareProfile.ESP_MINER);
        s.start(0);
        assertEquals(List.of(FirmwareProfile.ESP_MINER.configureLine(1), FirmwareProfile.ESP_MINER.subscribeLine(2, null),
                FirmwareProfile.ESP_MINER.authorizeLine(3, "demo.rig0", "x")), ev.sent);
        s.onLine(String.format(CONFIGURE_OK, 1), 1);
        s.onLine(String.format(SUBSCRIBE_OK, 2), 1);
        assertEquals(3, ev.sent.size(), "nothing more before authorize is answered");
        s.onLine(String.format(TRUE, 3), 1);
        assertEquals(1, ev.authorized);
        // after authorize ESP-Miner subscribes to extranonce changes (id 4)
        assertEquals(FirmwareProfile.ESP_MINER.extranonceSubscribeLine(4), ev.lastSent());
        assertTrue(s.versionRolling());
        assertEquals(0x1fffe000, s.versionMask());
    }

    @Test
    void cgminerWaitsForEachReplyBeforeTheNextStep() {
        MinerSession s = session(FirmwareProfile.CGMINER);
        s.start(0);
        assertEquals(List.of(FirmwareProfile.CGMINER.configureLine(1)), ev.sent);
        s.onLine(String.format(CONFIGURE_OK, 1), 1);
        assertEquals(FirmwareProfile.CGMINER.subscribeLine(2, null), ev.lastSent());
        s.onLine(String.format(SUBSCRIBE_OK, 2), 1);
        assertEquals(FirmwareProfile.CGMINER.authorizeLine(3, "demo.rig0", "x"), ev.lastSent());
        s.onLine(String.format(TRUE, 3), 1);
        assertEquals(3, ev.sent.size());
        assertEquals(1, ev.authorized);
        assertEquals("57a6f098", s.notifySubscriptionId());
    }

    @Test
    void cgminerResumesItsSessionIdOnReconnect() {
        new MinerSession(FirmwareProfile.CGMINER, "u", "x", new SplittableRandom(1), ev, "57a6f098").start(0);
        ev.sent.clear();
        MinerSession s = new MinerSession(FirmwareProfile.CGMINER, "u", "x", new SplittableRandom(1), ev, "57a6f098");
        s.start(0);
        s.onLine(String.format(CONFIGURE_OK, 1), 1);
        assertEquals("{\"id\": 2, \"method\": \"mining.subscribe\", \"params\": [\"cgminer/4.12.1\", \"57a6f098\"]}", ev.lastSent());
    }

    @Test
    void braiinsSubscribesToExtranonceBeforeAuthorizing() {
        MinerSession s = session(FirmwareProfile.BRAIINS);
        s.start(0);
        s.onLine(String.format(CONFIGURE_OK, 1), 1);
        s.onLine(String.format(SUBSCRIBE_OK, 2), 1);
        assertEquals(FirmwareProfile.BRAIINS.extranonceSubscribeLine(3), ev.lastSent());
        // the "not supported" error bmminer tolerates
        s.onLine("{\"id\":3,\"result\":null,\"error\":[20,\"Unrecognized request provided\",null]}", 1);
        assertEquals(FirmwareProfile.BRAIINS.authorizeLine(4, "demo.rig0", "x"), ev.lastSent());
    }

    @Test
    void braiinsGivesUpWhenExtranonceSubscribeIsRefused() {
        MinerSession s = session(FirmwareProfile.BRAIINS);
        s.start(0);
        s.onLine(String.format(CONFIGURE_OK, 1), 1);
        s.onLine(String.format(SUBSCRIBE_OK, 2), 1);
        s.onLine("{\"id\":3,\"result\":false,\"error\":null}", 1);
        assertEquals(List.of("mining.extranonce.subscribe refused"), ev.failures);
    }

    @Test
    void cgminerAndBraiinsAbortWithoutVersionRollingButEspMinerCarriesOn() {
        for (FirmwareProfile p : List.of(FirmwareProfile.CGMINER, FirmwareProfile.BRAIINS)) {
            RecordingEvents e = new RecordingEvents();
            MinerSession s = new MinerSession(p, "u", "x", new SplittableRandom(1), e, null);
            s.start(0);
            s.onLine("{\"id\":1,\"result\":null,\"error\":[20,\"Other/Unknown\",null]}", 1);
            assertEquals(List.of("configure did not grant version rolling with a non-zero mask"), e.failures, p.name());
            assertEquals(1, e.sent.size(), "no subscribe after the abort");
        }
        MinerSession esp = session(FirmwareProfile.ESP_MINER);
        esp.start(0);
        esp.onLine("{\"id\":1,\"result\":{\"version-rolling\":false},\"error\":null}", 1);
        esp.onLine(String.format(SUBSCRIBE_OK, 2), 1);
        esp.onLine(String.format(TRUE, 3), 1);
        assertTrue(ev.failures.isEmpty());
        assertFalse(esp.versionRolling());
    }

    @Test
    void malformedSubscribeResultsFromTheWireVectorsEndTheHandshake() {
        String espMalformed = Vectors.line("Parse stratum mining.subscribe result malformed", "json_string");
        String braiinsMalformed = Vectors.braiinsLine("MINING_SUBSCRIBE_MALFORMED_RESULT_JSON");
        for (String line : List.of(espMalformed, braiinsMalformed)) {
            RecordingEvents e = new RecordingEvents();
            MinerSession s = new MinerSession(FirmwareProfile.ESP_MINER, "u", "x", new SplittableRandom(1), e, null);
            s.start(0);
            s.onLine(String.format(CONFIGURE_OK, 1), 1);
            s.onLine(line.replaceFirst("\"id\":\\d+", "\"id\":2"), 1); // as the answer to subscribe (id 2)
            assertEquals(List.of("malformed mining.subscribe result"), e.failures, line);
        }
    }

    @Test
    void braiinsStyleSubscribeWithEmptySubscriptionsAndSevenByteExtranonceIsAccepted() {
        MinerSession s = session(FirmwareProfile.ESP_MINER);
        s.start(0);
        s.onLine(String.format(CONFIGURE_OK, 1), 1);
        String line = Vectors.braiinsLine("MINING_SUBSCRIBE_OK_RESULT_JSON").replace("\"id\":1", "\"id\":2");
        s.onLine(line, 1);
        assertTrue(ev.failures.isEmpty());
        assertEquals("6c6f010000000c", s.extranonce1());
        assertNull(s.notifySubscriptionId());
    }

    @Test
    void setDifficultyAppliesToTheNextJobOnly() {
        MinerSession s = ready(FirmwareProfile.CGMINER);
        s.onLine(Vectors.line("Parse stratum set_difficulty params", "json_string"), 2); // 1638
        s.onLine(ScriptedPool.notifyLine(VECTOR, "1", true), 3);
        assertEquals(1638.0, s.currentJob().difficulty());
        s.onLine(Vectors.line("Parse stratum set_difficulty params with fractional", "json_string"), 4); // 100.5
        assertEquals(1638.0, s.currentJob().difficulty(), "the job in hand keeps its difficulty");
        s.onLine(ScriptedPool.notifyLine(VECTOR, "2", false), 5);
        assertEquals(100.5, s.currentJob().difficulty());
    }

    @Test
    void withoutSetDifficultyAMinerAssumesOne() {
        MinerSession s = ready(FirmwareProfile.ESP_MINER);
        s.onLine(ScriptedPool.notifyLine(VECTOR, "1", true), 3);
        assertEquals(1.0, s.currentJob().difficulty());
    }

    @Test
    void cleanFlagIsReadFromTheLastParamByEspMinerAndFromIndex8ByCgminer() {
        // 10-param notify: index 8 is the string "64495522", the last param is true
        String tenParams = Vectors.line("Parse stratum mining.notify abandon work", "json_string_abandon_work_length_9");
        MinerSession esp = ready(FirmwareProfile.ESP_MINER);
        esp.onLine(tenParams, 1);
        assertTrue(esp.currentJob().clean());
        MinerSession cg = ready(FirmwareProfile.CGMINER);
        cg.onLine(tenParams, 1);
        assertFalse(cg.currentJob().clean());
        assertEquals("1b4c3d9041", cg.currentJob().jobId());
        assertEquals(0x20000004, cg.currentJob().version());
        assertEquals(0x1705c739, cg.currentJob().nbits());
        assertEquals(12, cg.currentJob().merkleBranch().size());
    }

    @Test
    void espMinerIgnoresARepeatedJobId() {
        MinerSession s = ready(FirmwareProfile.ESP_MINER);
        s.onLine(Vectors.line("Parse stratum mining.notify abandon work", "json_string_abandon_work_false"), 1);
        s.onLine(Vectors.line("Parse stratum mining.notify abandon work", "json_string_abandon_work"), 2);
        assertEquals(1, ev.jobs.size());
        assertEquals(List.of(true), ev.firstOfSession);
    }

    @Test
    void setExtranonceTakesEffectWithTheNextJobAndRestartsExtranonce2() {
        MinerSession s = ready(FirmwareProfile.CGMINER);
        s.onLine(ScriptedPool.notifyLine(VECTOR, "1", true), 1);
        assertEquals("00000000", s.nextWorkUnit().extranonce2());
        assertEquals("01000000", s.nextWorkUnit().extranonce2());
        s.onLine(Vectors.line("Parse stratum mining.set_extranonce params", "json_string"), 2); // deadbeef, 8
        assertEquals("57a6f098", s.currentJob().extranonce1(), "the current job keeps the old extranonce");
        assertEquals("02000000", s.nextWorkUnit().extranonce2());
        s.onLine(ScriptedPool.notifyLine(VECTOR, "2", true), 3);
        assertEquals("deadbeef", s.currentJob().extranonce1());
        assertEquals(8, s.currentJob().extranonce2Size());
        assertEquals("0000000000000000", s.nextWorkUnit().extranonce2());
        s.onLine(Vectors.line("Parse stratum mining.set_extranonce invalid params", "json_string"), 4);
        assertEquals(List.of("mining.set_extranonce with bad params"), ev.protocolErrors);
    }

    @Test
    void espMinerRestartsExtranonce2OnEveryJobCgminerKeepsCounting() {
        MinerSession esp = ready(FirmwareProfile.ESP_MINER);
        esp.onLine(ScriptedPool.notifyLine(VECTOR, "1", true), 1);
        esp.nextWorkUnit();
        esp.onLine(ScriptedPool.notifyLine(VECTOR, "2", false), 2);
        assertEquals("00000000", esp.nextWorkUnit().extranonce2());
        MinerSession cg = ready(FirmwareProfile.CGMINER);
        cg.onLine(ScriptedPool.notifyLine(VECTOR, "1", true), 1);
        cg.nextWorkUnit();
        cg.onLine(ScriptedPool.notifyLine(VECTOR, "2", false), 2);
        assertEquals("01000000", cg.nextWorkUnit().extranonce2());
    }

    @Test
    void setVersionMaskAppliesImmediatelyAndRolledVersionsStayInsideIt() {
        MinerSession s = ready(FirmwareProfile.ESP_MINER);
        s.onLine(ScriptedPool.notifyLine(VECTOR, "1", true), 1);
        s.onLine(Vectors.line("Parse stratum mining.set_version_mask params", "json_string").replace("1fffe000", "00ffe000"), 2);
        assertEquals(0x00ffe000, s.versionMask());
        for (int i = 0; i < 200; i++) {
            WorkUnit w = s.nextWorkUnit();
            assertEquals(0x20000000, w.rolledVersion() & ~0x00ffe000, "bits outside the mask are the job's");
        }
    }

    @Test
    void syntheticSubmitsUseTheCurrentJobAndFreshExtranonce2() {
        MinerSession s = ready(FirmwareProfile.ESP_MINER);
        assertFalse(s.submitSynthetic(0), "no job yet");
        s.onLine(ScriptedPool.notifyLine(VECTOR, "7", true), 1);
        assertTrue(s.submitSynthetic(10));
        assertTrue(s.submitSynthetic(20));
        JsonNode a = read(ev.sent.get(0)).get("params");
        JsonNode b = read(ev.sent.get(1)).get("params");
        assertEquals("7", a.get(1).asText());
        assertEquals("00000000", a.get(2).asText());
        assertEquals("01000000", b.get(2).asText());
        assertEquals("64b3f3ec", a.get(3).asText());
        assertEquals(0, Integer.parseUnsignedInt(a.get(5).asText(), 16) & ~0x1fffe000, "version bits inside the mask");
    }

    @Test
    void verdictsAndReasonsInEveryShapeFirmwareMeets() {
        MinerSession s = ready(FirmwareProfile.ESP_MINER);
        s.onLine(ScriptedPool.notifyLine(VECTOR, "1", true), 1);
        for (int i = 0; i < 6; i++) s.submitSynthetic(100 + i);
        int first = read(ev.sent.get(0)).get("id").asInt();
        s.onLine("{\"id\":" + first + ",\"error\":null,\"result\":true}", 1_100);
        s.onLine("{\"reject-reason\":\"Above target 2\",\"result\":false,\"error\":null,\"id\":" + (first + 1) + "}", 1_200);
        s.onLine("{\"result\":false,\"error\":\"Stale\",\"id\":" + (first + 2) + "}", 1_300);
        s.onLine("{\"id\":" + (first + 3) + ",\"result\":null,\"error\":[21,\"Job not found\",\"\"]}", 1_400);
        s.onLine("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":22,\"message\":\"duplicate share\",\"data\":null},\"id\":" + (first + 4) + "}", 1_500);
        // out of order: the last one answered before... nothing left but it still matches by id
        s.onLine("{\"id\": " + (first + 5) + ", \"result\": false, \"error\": [21, \"Job not found (=stale)\", null]}", 1_600);
        assertEquals(List.of("accepted", "Above target 2", "Stale", "Job not found", "duplicate share", "Job not found (=stale)"), ev.verdicts);
        assertEquals(List.of(1_000L, 1_099L, 1_198L, 1_297L, 1_396L, 1_495L), ev.latencies);
        assertEquals(0, s.outstandingRequests());
    }

    @Test
    void eachVerdictNamesTheSubmitItAnswersEvenOutOfOrder() {
        MinerSession s = ready(FirmwareProfile.CGMINER);
        s.onLine(ScriptedPool.notifyLine(VECTOR, "1", true), 1);
        long a = s.submit(s.nextWorkUnit(), 0x64b3f3ec, 1, 10);
        long b = s.submit(s.nextWorkUnit(), 0x64b3f3ec, 2, 20);
        assertEquals(a, read(ev.sent.get(0)).get("id").asLong(), "submit returns the id it put on the wire");
        assertEquals(b, read(ev.sent.get(1)).get("id").asLong());
        s.onLine("{\"id\":" + b + ",\"result\":null,\"error\":[23,\"Low difficulty share\",null]}", 30);
        s.onLine("{\"id\":" + a + ",\"result\":true,\"error\":null}", 40);
        assertEquals(List.of(b + ":Low difficulty share", a + ":accepted"), ev.answered);
        assertEquals(List.of("Low difficulty share", "accepted"), ev.verdicts, "the plain verdicts still arrive as before");
    }

    @Test
    void pingAndGetVersionAreAnsweredInTheProfilesOwnForm() {
        MinerSession esp = ready(FirmwareProfile.ESP_MINER);
        esp.onLine("{\"params\": [], \"id\": 42, \"method\": \"mining.ping\"}", 1);
        assertEquals("{\"id\":42,\"method\":\"pong\",\"params\":[]}", ev.lastSent());
        MinerSession cg = ready(FirmwareProfile.CGMINER);
        cg.onLine("{\"params\": [], \"id\": 42, \"method\": \"mining.ping\"}", 1);
        assertEquals("{\"id\": 42, \"result\": \"pong\", \"error\": null}", ev.lastSent());
        cg.onLine(Vectors.line("Parse stratum client.get_version", "json_string"), 1);
        assertEquals("{\"id\": 10, \"result\": \"cgminer/4.12.1\", \"error\": null}", ev.lastSent());
    }

    @Test
    void reconnectTargetIsFollowedByCgminerButNotByEspMiner() {
        String reconnect = Vectors.braiinsLine("CLIENT_RECONNECT_JSON"); // ["stratum.slushpool.com", 3333, 1]
        ready(FirmwareProfile.CGMINER).onLine(reconnect, 1);
        ready(FirmwareProfile.ESP_MINER).onLine(reconnect, 1);
        ready(FirmwareProfile.ESP_MINER).onLine(Vectors.line("Parse stratum client.reconnect", "json_string"), 1);
        assertEquals(List.of("stratum.slushpool.com:3333:1", "null:null:1", "null:null:0"), ev.reconnects);
    }

    @Test
    void garbageAndUnknownMethodsAreCountedNotFatal() {
        MinerSession s = ready(FirmwareProfile.ESP_MINER);
        s.onLine("invalid json", 1);
        s.onLine(Vectors.line("Parse stratum unknown method returns false", "json_string"), 1);
        s.onLine(Vectors.line("Parse stratum invalid json or malformed parameters", "json_string"), 1); // notify with []
        assertEquals(List.of("unparseable line", "unknown server method mining.hashrate", "mining.notify with fewer than 9 params"),
                ev.protocolErrors);
        assertTrue(ev.failures.isEmpty());
        s.onLine(ScriptedPool.notifyLine(VECTOR, "1", true), 1);
        assertTrue(s.canSubmit());
    }

    @Test
    void refusedAuthorizeEndsTheSession() {
        MinerSession s = session(FirmwareProfile.ESP_MINER);
        s.start(0);
        s.onLine(String.format(CONFIGURE_OK, 1), 1);
        s.onLine(String.format(SUBSCRIBE_OK, 2), 1);
        s.onLine("{\"id\":3,\"result\":null,\"error\":[24,\"Unauthorized worker\",null]}", 1);
        assertEquals(List.of("mining.authorize refused: Unauthorized worker"), ev.failures);
        assertFalse(s.canSubmit());
    }

    @Test
    void aBroadcastNotifyIsParsedOnceAndItsStringsSharedBetweenMinersOnOneThread() {
        RecordingEvents other = new RecordingEvents();
        MinerSession a = ready(FirmwareProfile.ESP_MINER);
        MinerSession b = new MinerSession(FirmwareProfile.CGMINER, "demo.rig1", "x", new SplittableRandom(8), other, null);
        b.start(0);
        b.onLine(String.format(CONFIGURE_OK, 1), 1);
        b.onLine("{\"id\":2,\"result\":[[[\"mining.notify\",\"1\"]],\"0000000b\",4],\"error\":null}", 1);
        b.onLine(String.format(TRUE, 3), 1);
        String notify = ScriptedPool.notifyLine(VECTOR, "9", true);
        a.onLine(notify, 2);
        b.onLine(new String(notify.toCharArray()), 2); // an equal line in a different String, as read from another socket
        assertTrue(a.currentJob().coinb2() == b.currentJob().coinb2(), "one coinb2 string for both miners");
        assertEquals("57a6f098", a.currentJob().extranonce1());
        assertEquals("0000000b", b.currentJob().extranonce1(), "per-miner state is still per miner");
    }
}
