package dev.quarry.pow.sha;

/**
 * A bounded start-up measurement of one engine (at most 150 ms): best-of-rounds nanoseconds per 80-byte header
 * sha256d, so that rounds run after the JIT has compiled the code dominate. Only used off HotSpot.
 */
final class EngineRace {
    private static final int ROUNDS = 200;
    private static final int HASHES_PER_ROUND = 2_000;
    private static final long TIME_BUDGET_NANOS = 150_000_000L;

    private EngineRace() {
    }

    static long nanosPerHeader(Sha256Engine engine) {
        byte[] header = new byte[80];
        byte[] out = new byte[32];
        long best = Long.MAX_VALUE;
        long deadline = System.nanoTime() + TIME_BUDGET_NANOS;
        for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < HASHES_PER_ROUND; i++) {
                header[76] = (byte) i;
                header[77] = (byte) (i >>> 8);
                engine.sha256d(header, 0, 80, out, 0);
                header[0] ^= out[0]; // keep the work observable
            }
            best = Math.min(best, (System.nanoTime() - start) / HASHES_PER_ROUND);
        }
        return best;
    }
}
