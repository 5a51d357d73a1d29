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
     * Recent results, handed out again for the same difficulty: on a static-difficulty port every
     * connection asks for the same one, and an instance per connection was ~180 bytes of heap and a
     * BigInteger division each. Direct-mapped by the difficulty's bits, so several ports and vardiff
     * levels do not keep evicting each other as a single last-result slot did. Instances are
     * immutable records (final fields), so the unsynchronized array is safe: a racing reader sees
     * a complete instance or an older one, and at worst computes the same value again.
     */
    private static final int SLOTS = 64;
    private static final ShareDifficulty[] RECENT = new ShareDifficulty[SLOTS];

    public static ShareDifficulty of(double difficulty) {
        int slot = slot(difficulty);
        ShareDifficulty cached = RECENT[slot];
        if (cached != null && cached.difficulty == difficulty) return cached;
        if (!(difficulty >= VardiffConfig.SMALLEST_DIFFICULTY) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty must be a finite number >= 2^-32: " + difficulty);
        }
        BigInteger target = Difficulty.shareTarget(difficulty);
        String hex = target.toString(16);
        ShareDifficulty made = new ShareDifficulty(difficulty, Target256.of(target), "0".repeat(64 - hex.length()) + hex);
        RECENT[slot] = made;
        return made;
    }

    private static int slot(double difficulty) {
        long bits = Double.doubleToLongBits(difficulty);
        int h = (int) (bits ^ (bits >>> 32)) * 0x9E3779B9; // Fibonacci hashing: the top bits mix all of them
        return h >>> (32 - Integer.numberOfTrailingZeros(SLOTS));
    }
}
