package dev.quarry.stratum.session;

/**
 * Options miners put in the authorize password: comma-separated {@code key=value} pairs, of
 * which {@code d=N} asks for a fixed difficulty N (e.g. "x", "d=1024", "x,d=0.5"). Anything else
 * is ignored.
 */
public final class PasswordOptions {

    private PasswordOptions() {
    }

    /** The requested static difficulty, or NaN when none (or not a positive finite number). */
    public static double staticDifficulty(String password) {
        if (password == null) return Double.NaN;
        for (String part : password.split(",")) {
            String p = part.trim();
            if (p.startsWith("d=")) {
                try {
                    double d = Double.parseDouble(p.substring(2).trim());
                    if (d > 0 && Double.isFinite(d)) return d;
                } catch (NumberFormatException ignored) {
                    // not a number: no static difficulty
                }
            }
        }
        return Double.NaN;
    }
}
