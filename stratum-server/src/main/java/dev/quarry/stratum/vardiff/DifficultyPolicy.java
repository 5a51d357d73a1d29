package dev.quarry.stratum.vardiff;

/**
 * How one port chooses difficulties: a starting difficulty, bounds, and either vardiff settings
 * or a fixed (static) difficulty.
 *
 * @param initialDifficulty difficulty of a new connection (and the static difficulty when vardiff is null)
 * @param vardiff           vardiff settings, or null for a static-difficulty port
 * @param minDifficulty     smallest difficulty a miner may ask for (suggest_difficulty and minimum-difficulty on
 *                          vardiff ports, d=N on any port)
 * @param maxDifficulty     largest difficulty a miner may ask for
 */
public record DifficultyPolicy(double initialDifficulty, VardiffConfig vardiff, double minDifficulty, double maxDifficulty) {

    public DifficultyPolicy {
        if (!(minDifficulty >= VardiffConfig.SMALLEST_DIFFICULTY)) throw new IllegalArgumentException("minDifficulty must be >= 2^-32");
        if (!(maxDifficulty >= minDifficulty) || Double.isInfinite(maxDifficulty)) throw new IllegalArgumentException("maxDifficulty must be finite and >= minDifficulty");
        if (!(initialDifficulty >= minDifficulty && initialDifficulty <= maxDifficulty)) throw new IllegalArgumentException("initialDifficulty outside [min, max]");
    }

    /** A static port: suggestions are ignored; a worker's explicit d=N is honoured (between 2^-32 and 10^15). */
    public static DifficultyPolicy fixed(double difficulty) {
        return new DifficultyPolicy(difficulty, null, VardiffConfig.SMALLEST_DIFFICULTY, Math.max(difficulty, 1e15));
    }

    public static DifficultyPolicy variable(double initial, VardiffConfig vardiff) {
        return new DifficultyPolicy(initial, vardiff, vardiff.minDifficulty(), vardiff.maxDifficulty());
    }

    public boolean isVariable() {
        return vardiff != null;
    }

    public double clamp(double d) {
        return Math.max(minDifficulty, Math.min(maxDifficulty, d));
    }
}
