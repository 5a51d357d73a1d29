package dev.quarry.stratum.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link JsonRpcDecoder}: reads the lines nearly every miner sends nearly all the
 * time ({@code mining.submit}, {@code mining.authorize}, plain {@code mining.subscribe}) without
 * Jackson's parser and tree builder, which were about 1.5 µs of a share's ~10 µs of event-loop
 * work at 20k shares/s.
 *
 * <p>It understands only a strict subset of JSON: one object whose keys are plain ASCII strings,
 * an {@code id} that is null, an integer or a plain string, a plain string {@code method}, and
 * {@code params} that is null or an array of plain strings ("plain": printable ASCII without
 * escapes). Other keys may carry plain strings, integers, true, false or null. For anything else
 * (escapes, non-ASCII, nested values, fractions, duplicate keys, replies with "result"/"error",
 * a syntax error anywhere) it returns null and the line goes to Jackson, so the two paths can
 * never disagree: on the subset it accepts, this yields exactly the request Jackson's path would
 * (CodecFastPathTest compares the two).
 */
final class PlainRequestScanner {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_PARAMS = 16;

    private final byte[] b;
    private final int end;
    private int pos;

    private PlainRequestScanner(byte[] bytes, int offset, int length) {
        this.b = bytes;
        this.pos = offset;
        this.end = offset + length;
    }

    /** The request on {@code bytes[offset, offset + length)}, or null when the line is outside the subset. */
    static StratumRequest scan(byte[] bytes, int offset, int length) {
        return new PlainRequestScanner(bytes, offset, length).request();
    }

    private StratumRequest request() {
        skipWhitespace();
        if (!take('{')) return null;
        String rawId = null;
        String method = null;
        ArrayNode params = null;
        boolean paramsSeen = false;
        skipWhitespace();
        if (!take('}')) {
            while (true) {
                skipWhitespace();
                int keyStart = pos;
                int keyEnd = plainString();
                if (keyEnd < 0) return null;
                skipWhitespace();
                if (!take(':')) return null;
                skipWhitespace();
                if (isKey(keyStart, keyEnd, "id")) {
                    if (rawId != null) return null;
                    rawId = idValue();
                    if (rawId == null) return null;
                } else if (isKey(keyStart, keyEnd, "method")) {
                    if (method != null) return null;
                    int start = pos + 1;
                    int stop = plainString();
                    if (stop < 0) return null;
                    method = ascii(start, stop);
                } else if (isKey(keyStart, keyEnd, "params")) {
                    if (paramsSeen) return null;
                    paramsSeen = true;
                    if (literal("null")) {
                        params = null;
                    } else {
                        params = stringArray();
                        if (params == null) return null;
                    }
                } else if (isKey(keyStart, keyEnd, "result") || isKey(keyStart, keyEnd, "error")) {
                    return null; // a reply from the client: Jackson's path decides what it is
                } else if (!skipScalar()) {
                    return null;
                }
                skipWhitespace();
                if (take(',')) continue;
                if (take('}')) break;
                return null;
            }
        }
        skipWhitespace();
        if (pos != end || method == null) return null;
        return new StratumRequest(rawId == null ? "null" : rawId, method, params == null ? NODES.arrayNode(0) : params);
    }

    /** null, an integer literal or a plain string, as raw JSON text; null when it is anything else. */
    private String idValue() {
        if (literal("null")) return "null";
        if (pos < end && b[pos] == '"') {
            int start = pos;
            int stop = plainString();
            return stop < 0 ? null : ascii(start, stop + 1);
        }
        int start = pos;
        return integer() ? ascii(start, pos) : null;
    }

    /** [ "..." (, "...")* ] of plain strings; null when it is anything else. */
    private ArrayNode stringArray() {
        if (!take('[')) return null;
        ArrayNode array = NODES.arrayNode(6);
        skipWhitespace();
        if (take(']')) return array;
        while (true) {
            skipWhitespace();
            int start = pos + 1;
            int stop = plainString();
            if (stop < 0 || array.size() == MAX_PARAMS) return null;
            array.add(TextNode.valueOf(ascii(start, stop)));
            skipWhitespace();
            if (take(',')) continue;
            if (take(']')) return array;
            return null;
        }
    }

    /** The value of a key this decoder ignores: a plain string, an integer, true, false or null. */
    private boolean skipScalar() {
        if (pos < end && b[pos] == '"') return plainString() >= 0;
        return literal("null") || literal("true") || literal("false") || integer();
    }

    /**
     * A string of printable ASCII without escapes, starting at {@code pos} with its opening quote.
     * Returns the index of its closing quote and moves past it, or -1 (position then undefined).
     */
    private int plainString() {
        if (pos >= end || b[pos] != '"') return -1;
        for (int i = pos + 1; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                pos = i + 1;
                return i;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') return -1;
        }
        return -1;
    }

    /** A JSON integer: -?(0|[1-9][0-9]*), not followed by a fraction or exponent. */
    private boolean integer() {
        int i = pos;
        if (i < end && b[i] == '-') i++;
        if (i >= end) return false;
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            while (i < end && b[i] >= '0' && b[i] <= '9') i++;
        } else {
            return false;
        }
        if (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9'))) return false;
        pos = i;
        return true;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) return false;
        for (int i = 0; i < n; i++) if (b[pos + i] != word.charAt(i)) return false;
        pos += n; // "nullx" fails later: only whitespace, ',', '}' or ']' may follow a value
        return true;
    }

    private boolean isKey(int quote, int closingQuote, String name) {
        int n = name.length();
        if (closingQuote - quote - 1 != n) return false;
        for (int i = 0; i < n; i++) if (b[quote + 1 + i] != name.charAt(i)) return false;
        return true;
    }

    private boolean take(char c) {
        if (pos < end && b[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
