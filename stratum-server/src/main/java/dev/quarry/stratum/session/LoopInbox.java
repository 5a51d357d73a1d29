package dev.quarry.stratum.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work handed to one event loop from another thread, run in one loop task per bunch instead of
 * one task each. The share journal's writer acknowledges a batch of a few dozen shares at once;
 * through {@code loop.execute} each answer was a task and a wake-up check of its own. Here the
 * writer queues them (an MPSC queue append each) and only the first of a bunch schedules the
 * drain; the loop then runs all that arrived, in arrival order.
 */
final class LoopInbox implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LoopInbox.class);

    private final EventExecutor loop;
    private final Queue<Runnable> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopInbox(EventExecutor loop) {
        this.loop = loop;
    }

    /** Runs {@code work} on the loop, after everything posted before it. Any thread. */
    void post(Runnable work) {
        queue.offer(work);
        // Whoever flips the flag schedules the drain; the drain clears it before polling, so
        // work offered after the last poll always finds it clear and schedules another.
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) loop.execute(this);
    }

    /** The drain, on the loop. */
    @Override
    public void run() {
        scheduled.set(false);
        Runnable work;
        while ((work = queue.poll()) != null) {
            try {
                work.run();
            } catch (Throwable t) {
                // One connection's failure must not cost the others their answers.
                log.warn("event-loop work from another thread failed", t);
            }
        }
    }
}
