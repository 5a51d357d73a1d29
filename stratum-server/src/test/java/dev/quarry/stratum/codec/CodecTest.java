package dev.quarry.stratum.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.stratum.testkit.Vectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Line framing and JSON-RPC decoding without sockets. */
class CodecTest {

    private static Object decode(String line) {
        return JsonRpcDecoder.decodeLine(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
    }

    @Test
    void everyRequestLineOfTheWireVectorsDecodes() {
        for (JsonNode t : Vectors.load("wire_messages.json").get("test_lines")) {
            String line = t.get("line").asText();
            Object d = decode(line);
            if (!t.get("json_parses").asBoolean()) {
                assertEquals(BadLine.Kind.MALFORMED_JSON, ((BadLine) d).kind(), line);
            } else if (line.contains("\"method\"")) {
                StratumRequest r = assertInstanceOf(StratumRequest.class, d, line);
                assertTrue(r.params().isArray());
            } else {
                assertNull(d, "replies from a client are dropped: " + line);
            }
        }
    }

    @Test
    void idKeepsItsJsonTypeAndKeyOrderDoesNotMatter() {
        StratumRequest r = (StratumRequest) decode("{\"params\": [\"a\"], \"id\": 17, \"method\": \"mining.submit\"}");
        assertEquals("17", r.rawId());
        assertEquals("\"x\\ty\"", ((StratumRequest) decode("{\"id\":\"x\\ty\",\"method\":\"m\"}")).rawId());
        assertEquals("2.50", ((StratumRequest) decode("{\"id\":2.50,\"method\":\"m\"}")).rawId());
        assertEquals("{\"a\":[1,2]}", ((StratumRequest) decode("{\"id\":{\"a\" : [1, 2]},\"method\":\"m\"}")).rawId());
        assertTrue(((StratumRequest) decode("{\"id\":null,\"method\":\"m\",\"params\":null}")).isNotification());
    }

    @Test
    void badLinesAreClassified() {
        assertEquals(BadLine.Kind.NOT_OBJECT, ((BadLine) decode("[1]")).kind());
        assertEquals(BadLine.Kind.MALFORMED_JSON, ((BadLine) decode("{\"id\":1} trailing")).kind());
        assertEquals(BadLine.Kind.INVALID_REQUEST, ((BadLine) decode("{\"id\":1,\"params\":[]}")).kind());
        assertEquals("1", ((BadLine) decode("{\"id\":1,\"params\":[]}")).rawId());
        assertEquals(BadLine.Kind.INVALID_REQUEST, ((BadLine) decode("{\"id\":1,\"method\":\"m\",\"params\":\"x\"}")).kind());
        assertEquals(BadLine.Kind.BINARY, ((BadLine) decode("{\u0001}")).kind());
    }

    @Test
    void framingSplitsLinesHandlesCrLfAndEnforcesTheLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineFrameDecoder(1024, Long.MAX_VALUE, System::nanoTime));
        ch.writeInbound(Unpooled.copiedBuffer("a\r\n\nbb\nc", StandardCharsets.US_ASCII));
        assertEquals("a", readLine(ch));
        assertEquals("bb", readLine(ch));
        assertNull(ch.readInbound());
        ch.writeInbound(Unpooled.copiedBuffer("c\n", StandardCharsets.US_ASCII));
        assertEquals("cc", readLine(ch));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[1025]));
        assertEquals(BadLine.Kind.OVERSIZED, ((BadLine) ch.readInbound()).kind());
        ch.writeInbound(Unpooled.copiedBuffer("{}\n", StandardCharsets.US_ASCII));
        assertNull(ch.readInbound(), "nothing is decoded after an oversized line");
        ch.finishAndReleaseAll();
    }

    @Test
    void aPartialLineOpenTooLongIsReportedSlow() {
        long[] now = {0};
        EmbeddedChannel ch = new EmbeddedChannel(new LineFrameDecoder(1024, 1000, () -> now[0]));
        ch.writeInbound(Unpooled.copiedBuffer("{\"id\"", StandardCharsets.US_ASCII));
        now[0] = 900;
        ch.writeInbound(Unpooled.copiedBuffer(":1", StandardCharsets.US_ASCII));
        assertNull(ch.readInbound());
        now[0] = 1001;
        ch.writeInbound(Unpooled.copiedBuffer(",", StandardCharsets.US_ASCII));
        assertEquals(BadLine.Kind.SLOW_LINE, ((BadLine) ch.readInbound()).kind());
        ch.finishAndReleaseAll();
    }

    @Test
    void aBusyStreamWhoseReadsEndMidLineIsNotSlow() {
        long[] now = {0};
        EmbeddedChannel ch = new EmbeddedChannel(new LineFrameDecoder(1024, 1000, () -> now[0]));
        ch.writeInbound(Unpooled.copiedBuffer("{\"a\"", StandardCharsets.US_ASCII));
        for (int i = 0; i < 10; i++) {
            now[0] += 600;
            ch.writeInbound(Unpooled.copiedBuffer(":1}\n{\"a\"", StandardCharsets.US_ASCII));
            ByteBuf line = ch.readInbound();
            assertEquals("{\"a\":1}", line.toString(StandardCharsets.US_ASCII));
            line.release();
            assertNull(ch.readInbound(), "every line completed within the limit");
        }
        ch.finishAndReleaseAll();
    }

    private static String readLine(EmbeddedChannel ch) {
        ByteBuf b = ch.readInbound();
        try {
            return b.toString(StandardCharsets.US_ASCII);
        } finally {
            b.release();
        }
    }
}
