package dev.quarry.stratum.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.simulate.FirmwareProfile;
import dev.quarry.stratum.testkit.Vectors;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain-line fast path against Jackson's path: wherever the fast path answers, its request
 * must equal the one Jackson's path produces; and it must answer for the lines real firmwares send
 * for shares and logins, or it would be dead code.
 */
class CodecFastPathTest {

    /** The fast path's request for {@code line}, after checking it against Jackson's path; null when it declined. */
    private static StratumRequest agreeing(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        StratumRequest fast = PlainRequestScanner.scan(bytes, 0, bytes.length);
        if (fast != null) {
            Object slow = JsonRpcDecoder.decodeBytes(bytes, 0, bytes.length);
            assertEquals(slow, fast, line);
        }
        return fast;
    }

    @Test
    void everyFirmwaresSubmitAuthorizeAndSubscribeTakeTheFastPathAndAgree() {
        for (FirmwareProfile f : FirmwareProfile.values()) {
            String submit = f.submitLine(7, "acct.rig-01", "1b4c3d9041", "0000002a", 0x5d10bc0a, 0x0443c37b,
                    0x20000000, 0x20a4e000, true, 0x1fffe000);
            StratumRequest r = assertNotNull(agreeing(submit), f + ": " + submit);
            assertEquals("mining.submit", r.method());
            assertEquals("7", r.rawId());
            assertEquals("acct.rig-01", r.params().get(0).asText());
            assertEquals("0000002a", r.params().get(2).asText());
            assertNotNull(agreeing(f.authorizeLine(2, "acct.rig-01", "x")), f + " authorize");
            assertNotNull(agreeing(f.subscribeLine(1, null)), f + " subscribe");
        }
    }

    private static <T> T assertNotNull(T value, String message) {
        org.junit.jupiter.api.Assertions.assertNotNull(value, message);
        return value;
    }

    @Test
    void everyWireVectorLineAgrees() {
        int fast = 0;
        for (JsonNode t : Vectors.load("wire_messages.json").get("test_lines")) {
            if (agreeing(t.get("line").asText()) != null) fast++;
        }
        assertTrue(fast >= 5, "the vectors' plain requests take the fast path: " + fast);
    }

    @Test
    void linesOutsideThePlainSubsetAreLeftToJackson() {
        for (String line : List.of(
                "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"Braiins OS\",null]}",   // null in params
                "{\"id\":1,\"method\":\"mining.suggest_difficulty\",\"params\":[1024]}",           // number in params
                "{\"id\":\"a\\\"b\",\"method\":\"m\"}",                                           // escape in id
                "{\"id\":1,\"method\":\"m\\u0065\"}",                                             // escape in method
                "{\"id\":1,\"method\":\"m\",\"params\":[\"caf\u00e9\"]}",                        // non-ASCII
                "{\"id\":1.5,\"method\":\"m\"}",                                                  // fraction
                "{\"id\":1e3,\"method\":\"m\"}",                                                  // exponent
                "{\"id\":01,\"method\":\"m\"}",                                                   // leading zero (invalid JSON)
                "{\"id\":1,\"id\":2,\"method\":\"m\"}",                                           // duplicate key
                "{\"id\":1,\"result\":true,\"error\":null}",                                      // a reply
                "{\"id\":1,\"method\":\"m\"} x",                                                  // trailing data
                "{\"id\":1,\"method\":\"m\",}",                                                   // trailing comma
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\",]}",                                // trailing comma in array
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\"\"b\"]}",                            // missing comma
                "{\"id\":1,\"method\":\"m\",\"params\":\"a\"}",                                   // params not an array
                "{\"id\":1,\"params\":[]}",                                                       // no method
                "{\"id\":[1],\"method\":\"m\"}",                                                  // structured id
                "{\"id\":1,\"method\":\"m\",\"params\":[\"a\tb\"]}",                              // raw tab inside a string
                "{\"id\":nullx,\"method\":\"m\"}",
                "[{\"id\":1,\"method\":\"m\"}]",
                "{\"id\":1,\"method\":\"m\"",
                "")) {
            assertNull(agreeing(line), line);
        }
    }

    @Test
    void plainVariantsAgree() {
        for (String line : List.of(
                "{}",
                " {\"id\" : 17 , \"method\" : \"mining.submit\" , \"params\" : [ \"a\" , \"b\" ] } ",
                "{\"method\":\"m\"}",
                "{\"id\":null,\"method\":\"m\",\"params\":null}",
                "{\"id\":-0,\"method\":\"m\",\"params\":[]}",
                "{\"id\":123456789012345678901234567890,\"method\":\"m\"}",
                "{\"id\":\"x y\",\"method\":\"m\",\"jsonrpc\":\"2.0\",\"n\":3,\"t\":true,\"f\":false,\"z\":null}",
                "{\"params\":[\"\"],\"method\":\"\",\"id\":0}\r")) {
            Object slow = JsonRpcDecoder.decodeBytes(line.getBytes(StandardCharsets.UTF_8), 0, line.length());
            StratumRequest fast = agreeing(line);
            if (slow instanceof StratumRequest) assertNotNull(fast, "a plain request takes the fast path: " + line);
        }
    }

    @Test
    void randomLinesAgreeWithJackson() {
        Random rnd = new Random(20261128);
        int fast = 0;
        int total = 20_000;
        for (int i = 0; i < total; i++) {
            String line = randomLine(rnd);
            if (agreeing(line) != null) fast++;
        }
        // Not vacuous: a good share of the generated lines are in the subset and were compared.
        assertTrue(fast > total / 10, "fast-path lines compared: " + fast);
        assertTrue(fast < total, "some lines must fall outside the subset: " + fast);
    }

    @Test
    void theDecoderUsesTheFastPathResultAndStillRejectsControlBytes() {
        Object d = JsonRpcDecoder.decodeLine(Unpooled.copiedBuffer(
                "{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"00\",\"5d10bc0a\",\"0443c37b\"]}", StandardCharsets.UTF_8));
        StratumRequest r = assertInstanceOf(StratumRequest.class, d);
        assertEquals(5, r.params().size());
        assertEquals("0443c37b", r.params().get(4).asText());
        Object bad = JsonRpcDecoder.decodeLine(Unpooled.copiedBuffer("{\"id\":4,\"method\":\"m\u0002\"}", StandardCharsets.UTF_8));
        assertEquals(BadLine.Kind.BINARY, assertInstanceOf(BadLine.class, bad).kind());
    }

    private static final String[] KEYS = {"id", "method", "params", "jsonrpc", "result", "error", "x", "i\\u0064", "ID"};
    private static final String[] IDS = {"null", "0", "-0", "17", "01", "1.5", "1e3", "-", "\"abc\"", "\"a\\\"b\"", "\"\u00e9\"",
        "true", "{\"a\":1}", "[1]", "99999999999999999999", "\"\""};
    private static final String[] METHODS = {"\"mining.submit\"", "\"mining.authorize\"", "\"m\\u0065\"", "5", "null", "\"\"", "[\"m\"]"};
    private static final String[] PARAMS = {"null", "[]", "[\"a\",\"b\"]", "[\"w\",\"j\",\"0000002a\",\"5d10bc0a\",\"0443c37b\"]",
        "[\"a\",1]", "[\"a\",null]", "[[\"x\"]]", "\"x\"", "[\"\t\"]", "[\"\u00e9\"]", "[\"a\" \"b\"]", "[\"a\",]", "{}", "[", "[\"a\\nb\"]"};
    private static final String[] OTHER = {"\"2.0\"", "1", "true", "false", "null", "{\"k\":[1]}", "1.0", "\"\\\\\""};
    private static final String REPLACEMENTS = "{}[]\":,0 a\\";
    private static final String[] SPACE = {"", "", "", " ", "  ", "\t", "\r\n"};

    private static String randomLine(Random rnd) {
        StringBuilder sb = new StringBuilder();
        sb.append(pick(rnd, SPACE)).append('{');
        int fields = 1 + rnd.nextInt(4);
        List<String> keys = new ArrayList<>(List.of("id", "method", "params"));
        for (int f = 0; f < fields; f++) {
            String key = rnd.nextInt(4) == 0 ? pick(rnd, KEYS) : keys.get(rnd.nextInt(keys.size()));
            String value = switch (key) {
                case "id" -> mostlyPlain(rnd, IDS, 4);
                case "method" -> mostlyPlain(rnd, METHODS, 2);
                case "params" -> mostlyPlain(rnd, PARAMS, 4);
                default -> mostlyPlain(rnd, OTHER, 5);
            };
            if (f > 0) sb.append(pick(rnd, SPACE)).append(',');
            sb.append(pick(rnd, SPACE)).append('"').append(key).append('"').append(pick(rnd, SPACE)).append(':')
                    .append(pick(rnd, SPACE)).append(value);
        }
        sb.append(pick(rnd, SPACE)).append('}').append(pick(rnd, SPACE));
        String line = sb.toString();
        switch (rnd.nextInt(16)) {
            case 0 -> line = line.substring(0, rnd.nextInt(line.length() + 1));            // cut short
            case 1 -> line = line + pick(rnd, new String[] {"x", "}", ",", "{}", "1"});     // trailing data
            case 2 -> {                                                                   // one character replaced
                int at = rnd.nextInt(line.length());
                line = line.substring(0, at) + REPLACEMENTS.charAt(rnd.nextInt(REPLACEMENTS.length())) + line.substring(at + 1);
            }
            default -> { }
        }
        return line;
    }

    /** Three times in four one of the first {@code plain} options (inside the fast path's subset), else any. */
    private static String mostlyPlain(Random rnd, String[] options, int plain) {
        return options[rnd.nextInt(4) == 0 ? rnd.nextInt(options.length) : rnd.nextInt(plain)];
    }

    private static String pick(Random rnd, String[] options) {
        return options[rnd.nextInt(options.length)];
    }
}
