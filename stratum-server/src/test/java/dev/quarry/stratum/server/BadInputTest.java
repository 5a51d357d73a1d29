package dev.quarry.stratum.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.testkit.NettyLogWatch;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import dev.quarry.stratum.testkit.Vectors;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of docs/stratum-bad-input.md, one test each, over real sockets. After each test no
 * warning may have reached Netty's own loggers, and the connection that behaved well is unharmed.
 */
class BadInputTest {

    private static final ShareVector V = ShareVector.named("public_pool_testnet_version_rolled");
    private ServerFixture f;
    private NettyLogWatch nettyLog;

    @BeforeEach
    void start() throws Exception {
        nettyLog = new NettyLogWatch();
        f = ServerFixture.withPort(PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(512), 4),
                AbuseConfig.defaults().withMaxLineBytes(16 * 1024).withMaxProtocolErrors(12), Set.of(V.contract(), "c"), V.job());
    }

    @AfterEach
    void stop() {
        f.close();
        List<String> warnings = nettyLog.warnings();
        nettyLog.close();
        assertEquals(List.of(), warnings, "nothing may escape to Netty's log");
    }

    private static void assertError20(JsonNode r, String rawId) {
        assertEquals(rawId, r.get("id").toString(), r.toString());
        assertTrue(r.get("result").isNull(), r.toString());
        assertEquals(20, r.get("error").get(0).asInt(), r.toString());
    }

    /** The connection still works: a subscribe is answered. */
    private static void assertStillServes(StratumTestClient c) throws Exception {
        c.send("{\"id\":\"alive\",\"method\":\"mining.subscribe\",\"params\":[]}");
        assertTrue(c.response("\"alive\"").get("result").isArray());
    }

    @Test
    void malformedJsonGetsError20AndTheConnectionStays() throws Exception {
        try (StratumTestClient c = f.connect()) {
            c.send(Vectors.wireLine("json_string2"));
            assertError20(c.readJson(), "null");
            // The id was read before the syntax error: it is echoed.
            c.send("{\"id\":5,\"method\":\"mining.subscribe\",\"params\":[}");
            assertError20(c.readJson(), "5");
            assertStillServes(c);
            assertEquals(2, f.counter("quarry.stratum.protocol.errors", "kind", "malformed_json"));
        }
    }

    @Test
    void nonObjectLinesGetError20() throws Exception {
        try (StratumTestClient c = f.connect()) {
            for (String line : List.of("[1,2,3]", "42", "\"mining.subscribe\"", "null", "true")) {
                c.send(line);
                assertError20(c.readJson(), "null");
            }
            assertStillServes(c);
        }
    }

    @Test
    void unknownMethodsGetOtherUnknownWithoutDisconnect() throws Exception {
        try (StratumTestClient c = f.connect()) {
            c.send(Vectors.wireLine("MINING_BROKEN_REQ_JSON"));
            JsonNode r = c.response(1);
            assertEquals("[20,\"Other/Unknown\",null]", r.get("error").toString());
            // As a notification (id null) it gets no answer at all.
            c.send("{\"id\":null,\"method\":\"mining.hashrate\",\"params\":[]}");
            assertStillServes(c);
        }
    }

    @Test
    void wrongParamTypesAndCounts() throws Exception {
        try (StratumTestClient c = f.connect()) {
            String[] bad = {
                    "{\"id\":1,\"method\":\"mining.authorize\",\"params\":[123,\"x\"]}",
                    "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[]}",
                    "{\"id\":3,\"method\":\"mining.subscribe\",\"params\":[{\"agent\":1}]}",
                    "{\"id\":4,\"method\":\"mining.configure\",\"params\":[\"version-rolling\"]}",
                    "{\"id\":5,\"method\":\"mining.suggest_difficulty\",\"params\":[\"lots\"]}",
                    "{\"id\":6,\"method\":\"mining.suggest_difficulty\",\"params\":[-5]}",
                    "{\"id\":7,\"method\":\"mining.suggest_target\",\"params\":[\"not hex\"]}",
                    "{\"id\":8,\"method\":\"mining.subscribe\",\"params\":{\"a\":1}}",
                    "{\"id\":9,\"params\":[]}",
                    "{\"id\":10,\"method\":42,\"params\":[]}"};
            for (int i = 0; i < bad.length; i++) {
                c.send(bad[i]);
                assertError20(c.response(i + 1), Integer.toString(i + 1));
            }
            assertStillServes(c);
        }
    }

    @Test
    void garbageHexInASubmitIsError20() throws Exception {
        try (StratumTestClient c = f.connect()) {
            c.handshake(V.worker());
            c.send("{\"id\":3,\"method\":\"mining.submit\",\"params\":[\"" + V.worker() + "\",\"1\",\"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\",\"64b3f3ec\",\"xyz!\"]}");
            JsonNode r = c.response(3);
            assertEquals(20, r.get("error").get(0).asInt());
            assertStillServes(c);
        }
    }

    @Test
    void oversizedLineGetsAnErrorThenDisconnect() throws Exception {
        try (StratumTestClient c = f.connect()) {
            byte[] huge = new byte[17 * 1024];
            Arrays.fill(huge, (byte) 'a');
            c.sendRaw(huge);
            JsonNode r = c.readJson();
            assertEquals("Line too long", r.get("error").get(1).asText());
            assertTrue(c.closedByServer(2000));
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "oversized_line"));
        }
    }

    @Test
    void binaryJunkIsDisconnectedWithoutAnswer() throws Exception {
        try (StratumTestClient c = f.connect()) {
            c.sendRaw(new byte[]{'{', 0x00, 0x01, (byte) 0xff, (byte) 0xfe, 0x02, '\n'});
            assertEquals(null, c.readLine());
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "binary_junk"));
        }
    }

    @Test
    void tlsClientHelloOnThePlainPortIsClosed() throws Exception {
        try (StratumTestClient c = f.connect()) {
            // The start of a real TLS 1.2 ClientHello record: handshake(0x16), version 3.1, length, ClientHello(0x01)...
            c.sendRaw(new byte[]{0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03, 0x11, 0x22});
            assertTrue(c.closedByServer(2000));
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "tls_on_plain_port"));
        }
    }

    @Test
    void httpRequestGets400AndClose() throws Exception {
        try (StratumTestClient c = f.connect()) {
            c.sendRaw("GET / HTTP/1.1\r\nHost: pool.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.readLine().startsWith("HTTP/1.1 400"));
            assertTrue(c.closedByServer(2000));
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "http_request"));
        }
    }

    @Test
    void requestIdsAreEchoedVerbatimWhateverTheirJsonType() throws Exception {
        try (StratumTestClient c = f.connect()) {
            for (String id : List.of("7", "\"abc\"", "\"\\u00e9x\\\"y\"", "1.50", "-0", "123456789012345678901234567890", "true", "{\"n\":1}", "[1,\"a\"]")) {
                c.send("{\"params\":[],\"id\":" + id + ",\"method\":\"mining.extranonce.subscribe\"}");
                String line = c.readLine();
                String expectedId = id.equals("\"\\u00e9x\\\"y\"") ? "\"éx\\\"y\"" : id;
                assertTrue(line.startsWith("{\"id\":" + expectedId + ",\"result\":true"), line);
            }
        }
    }

    @Test
    void blankLinesAndCrLfAreTolerated() throws Exception {
        try (StratumTestClient c = f.connect()) {
            c.sendRaw("\r\n\n   \n{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.response(1).get("result").isArray());
        }
    }

    @Test
    void tooManyProtocolErrorsCloseTheConnection() throws Exception {
        try (StratumTestClient c = f.connect()) {
            for (int i = 0; i < 13; i++) c.send("nonsense " + i);
            assertTrue(c.closedByServer(2000));
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "protocol_errors"));
        }
    }

    @Test
    void aMisbehavingConnectionDoesNotAffectAnotherMiner() throws Exception {
        f.extranonces.next(V.extranonce1());
        try (StratumTestClient good = f.connect(); StratumTestClient bad = f.connect()) {
            good.send("{\"id\":\"cfg\",\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{}]}");
            good.response("\"cfg\"");
            good.handshake(V.worker());
            good.notification("mining.notify");
            byte[] junk = new byte[20_000];
            Arrays.fill(junk, (byte) '[');
            bad.sendRaw("{\"id\":1,\"method\":\"mining.subscribe\"}\n".getBytes());
            bad.sendRaw(junk);
            good.send(V.submitLine(7));
            assertTrue(good.response(7).get("result").asBoolean());
            assertTrue(bad.closedByServer(2000));
            assertEquals(1, f.journal.stored().size());
        }
    }
}
