package dev.quarry.stratum.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written answer to a share against the generator-written one: the same bytes for every kind of id. */
class JsonRpcWriterTest {

    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    private static String text(ByteBuf buf) {
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    @Test
    void resultBooleanWritesWhatTheGeneratorWrites() {
        for (String rawId : List.of("1", "0", "-7", "null", "\"abc\"", "\"x\\ty\"", "\"caf\u00e9 \u20ac \ud83d\ude00\"", "2.50",
                "123456789012345678901234567890", "{\"a\":[1,2]}")) {
            for (boolean value : new boolean[] {true, false}) {
                String expected = text(JsonRpcWriter.result(ALLOC, rawId, g -> g.writeBoolean(value)));
                assertEquals(expected, text(JsonRpcWriter.resultBoolean(ALLOC, rawId, value)), rawId);
            }
        }
        assertEquals("{\"id\":4,\"result\":true,\"error\":null}\n", text(JsonRpcWriter.resultBoolean(ALLOC, "4", true)));
    }
}
