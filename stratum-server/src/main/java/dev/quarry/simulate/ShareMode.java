package dev.quarry.simulate;

import java.util.Locale;

/** How simulated miners produce shares. */
public enum ShareMode {
    /** Hash for real until a share meets the assigned difficulty (demos at fractional difficulty; CPU-bounded). */
    REAL,
    /** Submit random nonces as a Poisson process at a set rate, no hashing (load tests). */
    SYNTHETIC;

    public static ShareMode byName(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown share mode '" + s + "' (real, synthetic)");
        }
    }
}
