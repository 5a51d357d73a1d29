package dev.quarry.simulate;

import java.util.random.RandomGenerator;

/**
 * Inter-arrival times of a Poisson process: exponential with mean 1/rate. Many independent miners
 * each submitting as a Poisson process add up to a Poisson stream at the server, which is what a
 * real farm at fixed difficulty produces.
 */
public final class PoissonPacer {

    private final double ratePerSecond;
    private final RandomGenerator random;

    public PoissonPacer(double ratePerSecond, RandomGenerator random) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive finite number per second: " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.random = random;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    /** Nanoseconds until the next event; at least 1. */
    public long nextDelayNanos() {
        double u = random.nextDouble(); // [0,1): 1-u is in (0,1], so the log is finite
        double seconds = -Math.log(1.0 - u) / ratePerSecond;
        return Math.max(1L, (long) (seconds * 1e9));
    }
}
