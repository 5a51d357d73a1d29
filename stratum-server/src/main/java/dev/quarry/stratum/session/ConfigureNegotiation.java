package dev.quarry.stratum.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.pow.header.StratumCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * BIP310 mining.configure, as pure logic: {@code [extensions[], {parameters}]} in, the result
 * object and the session changes out. Every requested extension appears in the result; unknown
 * ones are {@code false}. Sloppy input real firmware sends is tolerated: a missing parameters
 * object, the non-standard {@code version-rolling.bit-count} key (old Braiins OS), a missing or
 * too large {@code min-bit-count} (BIP310: do not drop the connection).
 */
public final class ConfigureNegotiation {

    /**
     * @param result              the JSON result to send
     * @param versionMask         negotiated mask, or null when version rolling was not requested
     * @param minimumDifficulty   requested minimum difficulty (0 = none), or NaN when not requested
     * @param subscribeExtranonce whether the miner accepts mining.set_extranonce
     */
    public record Outcome(ObjectNode result, Integer versionMask, double minimumDifficulty, boolean subscribeExtranonce) {
    }

    private ConfigureNegotiation() {
    }

    public static Outcome negotiate(JsonNode params, int poolMask) throws InvalidParamsException {
        if (params.size() < 1 || !params.get(0).isArray()) throw new InvalidParamsException("expected [extensions[], {parameters}]");
        JsonNode parameters = params.size() > 1 ? params.get(1) : null;
        if (parameters != null && !parameters.isObject() && !parameters.isNull()) throw new InvalidParamsException("parameters must be an object");
        List<String> extensions = new ArrayList<>();
        for (JsonNode e : params.get(0)) {
            if (!e.isTextual()) throw new InvalidParamsException("extension names must be strings");
            extensions.add(e.asText());
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        Integer mask = null;
        double minDiff = Double.NaN;
        boolean subscribeExtranonce = false;
        for (String ext : extensions) {
            switch (ext) {
                case "version-rolling" -> {
                    int minerMask = 0xffffffff;
                    JsonNode m = field(parameters, "version-rolling.mask");
                    if (m != null && m.isTextual()) {
                        try {
                            minerMask = StratumCodec.parseUint32(m.asText());
                        } catch (IllegalArgumentException bad) {
                            result.put("version-rolling", "invalid version-rolling.mask");
                            continue;
                        }
                    }
                    int granted = poolMask & minerMask;
                    mask = granted;
                    result.put("version-rolling", granted != 0);
                    result.put("version-rolling.mask", StratumCodec.uint32Hex(granted));
                }
                case "minimum-difficulty" -> {
                    JsonNode v = field(parameters, "minimum-difficulty.value");
                    if (v != null && v.isNumber() && v.asDouble() >= 0 && Double.isFinite(v.asDouble())) {
                        minDiff = v.asDouble();
                        result.put("minimum-difficulty", true);
                    } else {
                        result.put("minimum-difficulty", false);
                    }
                }
                case "subscribe-extranonce" -> {
                    subscribeExtranonce = true;
                    result.put("subscribe-extranonce", true);
                }
                case "info" -> result.put("info", true);
                default -> result.put(ext, false);
            }
        }
        return new Outcome(result, mask, minDiff, subscribeExtranonce);
    }

    private static JsonNode field(JsonNode parameters, String name) {
        return parameters == null || !parameters.isObject() ? null : parameters.get(name);
    }
}
