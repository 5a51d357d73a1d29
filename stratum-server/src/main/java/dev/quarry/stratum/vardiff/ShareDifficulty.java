package dev.quarry.stratum.vardiff;

import dev.quarry.pow.target.Difficulty;
import dev.quarry.pow.target.Target256;

import java.math.BigInteger;

/**
 * A pool difficulty together with its exact integer share target floor(DIFF1 / D), computed once
 * when the difficulty is chosen so that judging a share is an allocation-free integer comparison.
 *
 * @param difficulty positive real, exact as a binary fraction (what set_difficulty sends)
 * @param target     exact share target
 * @param targetHex  the target as 64 hex digits (big-endian integer), for the journal
 */
public record ShareDifficulty(double difficulty, Target256 target, String targetHex) {

    /**
     * The most recent result, handed out again for the same difficulty: on a static-difficulty port
     * every connection asks for the same one, and an instance per connection was ~180 bytes of
     * heap and a BigInteger division each. Instances are immutable, so sharing is safe.
     */
    private static volatile ShareDifficulty last;

    public static ShareDifficulty of(double difficulty) {
        ShareDifficulty cached = last;
        if (cached != null && cached.difficulty == difficulty) return cached;
        if (!(difficulty >= VardiffConfig.SMALLEST_DIFFICULTY) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty must be a finite number >= 2^-32: " + difficulty);
        }
        BigInteger target = Difficulty.shareTarget(difficulty);
        String hex = target.toString(16);
        ShareDifficulty made = new ShareDifficulty(difficulty, Target256.of(target), "0".repeat(64 - hex.length()) + hex);
        last = made;
        return made;
    }
}
