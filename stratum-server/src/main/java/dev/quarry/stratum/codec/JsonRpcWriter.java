package dev.quarry.stratum.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes outgoing lines (responses and notifications) straight into a {@link ByteBuf} with
 * Jackson's generator; the most frequent line, an accepted share's answer, is written directly
 * ({@link #resultBoolean}). Every line ends with '\n'. The request id is written back as the raw JSON
 * it arrived as.
 */
public final class JsonRpcWriter {

    private static final JsonFactory FACTORY = new com.fasterxml.jackson.databind.ObjectMapper().getFactory();
    /** The fixed parts of {@link #resultBoolean}'s line around the id. */
    private static final byte[] ID_HEAD = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULT_TRUE_TAIL = ",\"result\":true,\"error\":null}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULT_FALSE_TAIL = ",\"result\":false,\"error\":null}\n".getBytes(StandardCharsets.US_ASCII);

    /** Writes the body of a value (result, or params array content). */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonRpcWriter() {
    }

    /** {"id":<rawId>,"result":<result>,"error":null} */
    public static ByteBuf result(ByteBufAllocator alloc, String rawId, Body result) {
        return line(alloc, g -> {
            g.writeFieldName("id");
            g.writeRawValue(rawId);
            g.writeFieldName("result");
            result.write(g);
            g.writeNullField("error");
        });
    }

    /**
     * {"id":<rawId>,"result":true|false,"error":null}, the answer to every accepted share: written
     * byte by byte, the same bytes as {@link #result} gives, without a generator per line.
     */
    public static ByteBuf resultBoolean(ByteBufAllocator alloc, String rawId, boolean value) {
        byte[] tail = value ? RESULT_TRUE_TAIL : RESULT_FALSE_TAIL;
        ByteBuf buf = alloc.buffer(ID_HEAD.length + rawId.length() + tail.length);
        buf.writeBytes(ID_HEAD);
        ByteBufUtil.writeUtf8(buf, rawId);
        buf.writeBytes(tail);
        return buf;
    }

    /**
     * {"id":<rawId>,"result":<result>,"error":[code,"message",null]} — plus "reject-reason" for
     * share rejects, which cgminer and ESP-Miner show in preference (stratum-v1.md §5).
     */
    public static ByteBuf error(ByteBufAllocator alloc, String rawId, int code, String message, Boolean result, boolean rejectReason) {
        return line(alloc, g -> {
            g.writeFieldName("id");
            g.writeRawValue(rawId);
            g.writeFieldName("result");
            if (result == null) g.writeNull();
            else g.writeBoolean(result);
            g.writeArrayFieldStart("error");
            g.writeNumber(code);
            g.writeString(message);
            g.writeNull();
            g.writeEndArray();
            if (rejectReason) g.writeStringField("reject-reason", message);
        });
    }

    /** {"id":null,"method":"...","params":[...]} */
    public static ByteBuf notification(ByteBufAllocator alloc, String method, Body params) {
        return line(alloc, g -> {
            g.writeNullField("id");
            g.writeStringField("method", method);
            g.writeArrayFieldStart("params");
            params.write(g);
            g.writeEndArray();
        });
    }

    /** Writes a difficulty as a JSON number: integral values without a fraction, others as the shortest exact decimal. */
    public static void writeDifficulty(JsonGenerator g, double difficulty) throws IOException {
        if (difficulty == Math.rint(difficulty) && Math.abs(difficulty) < 0x1p53) g.writeNumber((long) difficulty);
        else g.writeNumber(difficulty);
    }

    private static ByteBuf line(ByteBufAllocator alloc, Body objectFields) {
        ByteBuf buf = alloc.buffer(128);
        boolean ok = false;
        try (JsonGenerator g = FACTORY.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf), JsonEncoding.UTF8)) {
            g.writeStartObject();
            objectFields.write(g);
            g.writeEndObject();
            g.flush();
            ok = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!ok) buf.release();
        }
        buf.writeByte('\n');
        return buf;
    }
}
