package dev.quarry.stratum.session;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Work posted from other threads runs on the loop, each item once, in each poster's order, and none is stranded. */
class LoopInboxTest {

    @Test
    void everyPostRunsOnceOnTheLoopInEachPostersOrder() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try {
            LoopInbox inbox = new LoopInbox(loop);
            int posters = 3;
            int each = 50_000;
            int[] lastSeen = new int[posters];           // touched only on the loop
            AtomicInteger outOfOrder = new AtomicInteger();
            AtomicInteger offLoop = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(posters * each);
            Thread[] threads = new Thread[posters];
            for (int p = 0; p < posters; p++) {
                int poster = p;
                threads[p] = new Thread(() -> {
                    for (int i = 1; i <= each; i++) {
                        int n = i;
                        inbox.post(() -> {
                            if (!loop.inEventLoop()) offLoop.incrementAndGet();
                            if (lastSeen[poster] != n - 1) outOfOrder.incrementAndGet();
                            lastSeen[poster] = n;
                            done.countDown();
                        });
                        if (n % 1_000 == 0) Thread.yield(); // let the drain catch up and go idle now and then
                    }
                });
                threads[p].start();
            }
            for (Thread t : threads) t.join(60_000);
            // Not stranded: the last posts ran although the drain may have just emptied the queue.
            assertTrue(done.await(60, TimeUnit.SECONDS), "left: " + done.getCount());
            assertEquals(0, offLoop.get());
            assertEquals(0, outOfOrder.get());
            for (int p = 0; p < posters; p++) assertEquals(each, lastSeen[p]);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailingItemDoesNotCostTheOthersTheirTurn() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try {
            LoopInbox inbox = new LoopInbox(loop);
            CountDownLatch ran = new CountDownLatch(2);
            loop.execute(() -> {
                // posted from the loop itself, in one bunch: the middle one throws
                inbox.post(ran::countDown);
                inbox.post(() -> {
                    throw new IllegalStateException("one connection's bug");
                });
                inbox.post(ran::countDown);
            });
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            CountDownLatch later = new CountDownLatch(1);
            inbox.post(later::countDown);
            assertTrue(later.await(10, TimeUnit.SECONDS), "the inbox still drains after a failure");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }
}
