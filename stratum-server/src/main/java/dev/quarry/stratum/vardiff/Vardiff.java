package dev.quarry.stratum.vardiff;

/**
 * Pure variable-difficulty controller for one connection; time is passed in (nanoseconds from any
 * monotonic clock), so tests drive it with a simulated clock.
 *
 * <p>The share rate is measured as <em>work</em>: each accepted share adds the difficulty it was
 * judged at, so shares still arriving at the old difficulty after a change are weighed correctly.
 * When the window is full (time or share count), the ideal difficulty is
 * {@code work / elapsed * targetInterval}; if it deviates from the current one by more than the
 * configured variance (and by more than the statistical noise of n shares, 2/sqrt(n); otherwise the
 * window keeps growing for a better estimate), it becomes the new difficulty (clamped, and changed
 * by at most a factor of {@value #MAX_STEP} per retarget). A miner that finds nothing for a whole window
 * is treated as if one share would arrive right now, which lowers the difficulty quickly.
 *
 * <p>A new difficulty is only a proposal: the session sends it with the next job and keeps
 * judging older jobs by the difficulty they were sent with.
 */
public final class Vardiff {

    /** Largest factor of change per retarget. */
    public static final double MAX_STEP = 8.0;

    private final VardiffConfig config;
    private final long windowNanos;
    private final double targetSeconds;
    private double floor;
    private double current;
    private long windowStart;
    private long nextEvaluation;
    private int windowShares;
    private double windowWork;

    public Vardiff(VardiffConfig config, double initialDifficulty, long nowNanos) {
        this.config = config;
        this.windowNanos = config.retargetWindow().toNanos();
        this.targetSeconds = config.targetShareInterval().toNanos() / 1e9;
        this.floor = config.minDifficulty();
        this.current = config.clamp(initialDifficulty);
        restartWindow(nowNanos);
    }

    public double difficulty() {
        return current;
    }

    /** Raises the lower bound for this connection (BIP310 minimum-difficulty); 0 removes it. */
    public void setFloor(double minimum) {
        floor = config.clamp(Math.max(config.minDifficulty(), minimum));
        if (current < floor) current = floor;
    }

    /** Restarts measurement at a difficulty chosen elsewhere (miner suggestion, static override). */
    public void reset(double difficulty, long nowNanos) {
        current = Math.max(floor, config.clamp(difficulty));
        restartWindow(nowNanos);
    }

    /**
     * Records an accepted share judged at {@code shareDifficulty}.
     *
     * @return the new difficulty if a retarget happened, otherwise NaN
     */
    public double onShare(double shareDifficulty, long nowNanos) {
        windowShares++;
        windowWork += shareDifficulty;
        if (windowShares % config.windowShares() == 0 || nowNanos - nextEvaluation >= 0) {
            return retarget(nowNanos);
        }
        return Double.NaN;
    }

    /**
     * Periodic check so that a miner that stopped finding shares is lowered.
     *
     * @return the new difficulty if a retarget happened, otherwise NaN
     */
    public double onTick(long nowNanos) {
        if (nowNanos - nextEvaluation >= 0) return retarget(nowNanos);
        return Double.NaN;
    }

    private double retarget(long nowNanos) {
        long elapsedNanos = nowNanos - windowStart;
        double elapsed = Math.max(1e-3, elapsedNanos / 1e9);
        double ideal;
        double tolerance = config.variance();
        if (windowShares == 0) {
            // Nothing found for a whole window: assume one share would arrive right now.
            ideal = current / elapsed * targetSeconds;
        } else {
            ideal = windowWork / elapsed * targetSeconds;
            // n shares measure the rate to about 1/sqrt(n): do not chase noise, keep measuring instead.
            tolerance = Math.max(tolerance, 2 / Math.sqrt(windowShares));
        }
        ideal = Math.max(current / MAX_STEP, Math.min(current * MAX_STEP, ideal));
        ideal = Math.max(floor, config.clamp(round(ideal)));
        if (Math.abs(ideal - current) <= current * tolerance) {
            // Within tolerance: let the window grow for a better estimate, but keep it rolling.
            if (windowShares >= config.windowShares()) restartWindow(nowNanos);
            else nextEvaluation = nowNanos + windowNanos;
            return Double.NaN;
        }
        restartWindow(nowNanos);
        current = ideal;
        return current;
    }

    private void restartWindow(long nowNanos) {
        windowStart = nowNanos;
        nextEvaluation = nowNanos + windowNanos;
        windowShares = 0;
        windowWork = 0;
    }

    /**
     * Keeps difficulties short on the wire and exact as binary fractions: whole numbers from 1 up,
     * and powers of two below 1 (down to 2^-32).
     */
    static double round(double d) {
        if (d >= 1) return Math.floor(d);
        return Math.max(VardiffConfig.SMALLEST_DIFFICULTY, Math.scalb(1.0, Math.getExponent(d)));
    }
}
