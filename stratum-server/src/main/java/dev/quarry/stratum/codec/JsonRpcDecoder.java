package dev.quarry.stratum.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

import java.io.IOException;
import java.util.List;

/**
 * Turns one line into a {@link StratumRequest} or a {@link BadLine}. The plain lines that make up
 * nearly all traffic are read by {@link PlainRequestScanner}; everything else by Jackson's
 * streaming parser, where only {@code params} is materialized as a tree (it is small and its shape
 * varies by method) and everything else is read token by token. Lines that are replies from the client
 * (an object with "result"/"error" but no "method", e.g. the answer to client.get_version)
 * are dropped.
 */
public final class JsonRpcDecoder extends MessageToMessageDecoder<ByteBuf> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        Object decoded = decodeLine(line);
        if (decoded != null) out.add(decoded);
    }

    /** Decodes one line (without its terminator). Returns null for client replies that need no action. */
    public static Object decodeLine(ByteBuf line) {
        byte[] bytes = ByteBufUtil.getBytes(line);
        if (containsControlBytes(bytes)) {
            return new BadLine(BadLine.Kind.BINARY, "null", "binary data on a text protocol");
        }
        StratumRequest plain = PlainRequestScanner.scan(bytes, 0, bytes.length);
        return plain != null ? plain : decodeBytes(bytes, 0, bytes.length);
    }

    /** Jackson's path, for every line (the fast path's differential test calls it directly). */
    static Object decodeBytes(byte[] bytes, int offset, int length) {
        String rawId = "null";
        try (JsonParser p = MAPPER.getFactory().createParser(bytes, offset, length)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                if (first == JsonToken.START_ARRAY) p.skipChildren();
                requireEnd(p);
                return new BadLine(BadLine.Kind.NOT_OBJECT, "null", "a request must be a JSON object");
            }
            String method = null;
            boolean methodInvalid = false;
            boolean hasResultOrError = false;
            JsonNode params = null;
            boolean paramsInvalid = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> rawId = rawJson(p, value);
                    case "method" -> {
                        if (value == JsonToken.VALUE_STRING) method = p.getText();
                        else {
                            methodInvalid = true;
                            p.skipChildren();
                        }
                    }
                    case "params" -> {
                        if (value == JsonToken.START_ARRAY) params = MAPPER.readTree(p);
                        else if (value != JsonToken.VALUE_NULL) {
                            paramsInvalid = true;
                            p.skipChildren();
                        }
                    }
                    case "result", "error" -> {
                        hasResultOrError = true;
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
            requireEnd(p);
            if (method == null && !methodInvalid) {
                if (hasResultOrError) return null;
                return new BadLine(BadLine.Kind.INVALID_REQUEST, rawId, "missing \"method\"");
            }
            if (methodInvalid) return new BadLine(BadLine.Kind.INVALID_REQUEST, rawId, "\"method\" must be a string");
            if (paramsInvalid) return new BadLine(BadLine.Kind.INVALID_REQUEST, rawId, "\"params\" must be an array");
            if (params == null) params = MAPPER.createArrayNode();
            return new StratumRequest(rawId, method, (ArrayNode) params);
        } catch (JsonProcessingException e) {
            return new BadLine(BadLine.Kind.MALFORMED_JSON, rawId, "malformed JSON");
        } catch (IOException e) {
            // Parsing from a byte array does no I/O; treat anything else the parser reports as malformed input.
            return new BadLine(BadLine.Kind.MALFORMED_JSON, rawId, "malformed JSON");
        }
    }

    private static void requireEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "trailing data after the JSON value");
        }
    }

    /** The current value as compact JSON text, preserving its type (numbers keep their literal). */
    private static String rawJson(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NULL -> "null";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
            case VALUE_STRING -> '"' + new String(JsonStringEncoder.getInstance().quoteAsString(p.getText())) + '"';
            default -> MAPPER.writeValueAsString(MAPPER.readTree(p));
        };
    }

    private static boolean containsControlBytes(byte[] line) {
        for (byte b : line) {
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\r' && b != '\n') return true;
        }
        return false;
    }
}
