package dev.quarry.cli;

import dev.quarry.app.QuarryPool;
import dev.quarry.config.QuarryConfig;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the pool from a checked configuration and blocks until SIGTERM/SIGINT. The first signal
 * shuts down gracefully (stop accepting, tell miners to reconnect, flush the journal, close the
 * database); a second one while that runs halts at once.
 */
final class PoolRunner {
    private PoolRunner() {
    }

    static int run(QuarryConfig cfg) {
        // Must happen before the first logger is created: logback reads it at initialisation.
        if (cfg.logJson) System.setProperty("quarry.log.appender", "JSON");
        QuarryPool pool;
        try {
            pool = QuarryPool.start(cfg);
        } catch (Exception e) {
            System.err.println("quarry: failed to start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            pool.close();
            stopped.countDown();
        }, "quarry-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        installForceOnSecondSignal(stopping);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** A second SIGTERM/SIGINT during a graceful shutdown halts the JVM immediately. */
    @SuppressWarnings("removal")
    private static void installForceOnSecondSignal(AtomicBoolean stopping) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (!stopping.compareAndSet(false, true)) {
                        System.err.println("quarry: second SIG" + name + ", halting now");
                        Runtime.getRuntime().halt(130);
                    }
                    // First signal: start the orderly shutdown (runs the shutdown hook).
                    new Thread(() -> System.exit(0), "quarry-exit").start();
                });
            } catch (IllegalArgumentException e) {
                // Signal not available on this platform: the default shutdown-hook behaviour remains.
            }
        }
    }
}
