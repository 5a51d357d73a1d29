package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HexFormat;

/** Field access with clear errors for the pure RPC mappers. */
final class RpcJson {
    private static final HexFormat HEX = HexFormat.of();

    private RpcJson() {
    }

    static JsonNode required(JsonNode obj, String field, String what) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) throw new MalformedRpcDataException(what + ": missing field '" + field + "'");
        return n;
    }

    static long longField(JsonNode obj, String field, String what) {
        JsonNode n = required(obj, field, what);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new MalformedRpcDataException(what + ": field '" + field + "' is not an integer: " + n);
        }
        return n.asLong();
    }

    static String textField(JsonNode obj, String field, String what) {
        JsonNode n = required(obj, field, what);
        if (!n.isTextual()) throw new MalformedRpcDataException(what + ": field '" + field + "' is not a string: " + n);
        return n.asText();
    }

    static boolean boolField(JsonNode obj, String field, String what) {
        JsonNode n = required(obj, field, what);
        if (!n.isBoolean()) throw new MalformedRpcDataException(what + ": field '" + field + "' is not a boolean: " + n);
        return n.asBoolean();
    }

    static byte[] hex(String hex, String field, String what) {
        if ((hex.length() & 1) != 0) throw new MalformedRpcDataException(what + ": field '" + field + "' has odd hex length");
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new MalformedRpcDataException(what + ": field '" + field + "' is not hex");
        }
    }

    /** A 64-hex hash in RPC display order, returned in internal (hashing) order. */
    static byte[] hashFromDisplay(String hex, String field, String what) {
        byte[] b = hex(hex, field, what);
        if (b.length != 32) throw new MalformedRpcDataException(what + ": field '" + field + "' is not a 32-byte hash");
        return reversed(b);
    }

    /** An internal-order hash in RPC display order. */
    static String hashToDisplay(byte[] internal) {
        return HEX.formatHex(reversed(internal));
    }

    static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[b.length - 1 - i];
        return r;
    }
}
