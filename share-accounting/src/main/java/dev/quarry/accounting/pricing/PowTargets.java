package dev.quarry.accounting.pricing;

import dev.quarry.pow.target.Compact;
import dev.quarry.pow.target.Difficulty;

import java.math.BigInteger;

/** The two pow-core facts pricing needs: the exact target of a compact nBits, and DIFF1. */
public final class PowTargets {

    /** Difficulty-1 target, 0xFFFF * 2^208. */
    public static final BigInteger DIFF1 = Difficulty.DIFF1;

    private PowTargets() {
    }

    /**
     * Exact target of {@code nBits} (Bitcoin Core SetCompact); throws IllegalArgumentException for
     * negative, overflowing or zero targets (a zero target has no network difficulty).
     */
    public static BigInteger target(int nBits) {
        BigInteger target = Compact.toTarget(nBits);
        if (target.signum() == 0) throw new IllegalArgumentException(String.format("nBits 0x%08x encodes a zero target", nBits));
        return target;
    }
}
