package dev.quarry.stratum.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.target.Difficulty;

import java.math.BigInteger;

/**
 * Reads the difficulty a miner suggests. mining.suggest_difficulty takes a number (integer from
 * ESP-Miner/cgminer, float from NerdMiner), a numeric string, or either wrapped in an array;
 * mining.suggest_target takes a hex target (converted to DIFF1 / target).
 */
public final class SuggestedDifficulty {

    private SuggestedDifficulty() {
    }

    public static double fromSuggestDifficulty(JsonNode params) throws InvalidParamsException {
        if (params.size() < 1) throw new InvalidParamsException("expected [difficulty]");
        JsonNode v = params.get(0);
        if (v.isArray() && v.size() == 1) v = v.get(0);
        double d;
        if (v.isNumber()) d = v.asDouble();
        else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new InvalidParamsException("difficulty must be a number");
            }
        } else throw new InvalidParamsException("difficulty must be a number");
        if (!(d > 0) || !Double.isFinite(d)) throw new InvalidParamsException("difficulty must be positive");
        return d;
    }

    public static double fromSuggestTarget(JsonNode params) throws InvalidParamsException {
        if (params.size() < 1) throw new InvalidParamsException("expected [target_hex]");
        JsonNode v = params.get(0);
        if (v.isArray() && v.size() == 1) v = v.get(0);
        if (!v.isTextual()) throw new InvalidParamsException("target must be a hex string");
        String hex = v.asText().trim();
        if (hex.isEmpty() || hex.length() > 64) throw new InvalidParamsException("target must be 1 to 64 hex digits");
        BigInteger target;
        try {
            target = new BigInteger(hex, 16);
        } catch (NumberFormatException e) {
            throw new InvalidParamsException("target must be hex");
        }
        if (target.signum() <= 0) throw new InvalidParamsException("target must be positive");
        return Difficulty.ofTarget(target);
    }
}
