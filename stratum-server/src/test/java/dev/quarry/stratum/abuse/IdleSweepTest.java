package dev.quarry.stratum.abuse;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The per-loop idle sweep on an embedded channel whose clock the test moves. */
class IdleSweepTest {

    private static final long TIMEOUT_MS = 800;

    /** Tracks its connection as ConnectionGuard does. */
    private static final class Tracker extends ChannelInboundHandlerAdapter {
        private final IdleSweep sweep;
        private IdleSweep.Tracked tracked;

        Tracker(IdleSweep sweep) {
            this.sweep = sweep;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            tracked = sweep.add(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            tracked.markRead();
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            sweep.remove(tracked);
            ctx.fireChannelInactive();
        }
    }

    private static final class Events extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final IdleSweep sweep = new IdleSweep(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS), now::get);

    private EmbeddedChannel channel(Events events) {
        EmbeddedChannel ch = new EmbeddedChannel(new Tracker(sweep), events);
        ch.freezeTime();
        return ch;
    }

    /** Moves both clocks (the sweep's and the channel's scheduler) and runs what became due. */
    private void advance(EmbeddedChannel ch, long ms) {
        for (long i = 0; i < ms; i += 10) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
            ch.advanceTimeBy(10, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
        }
    }

    @Test
    void sweepsAnEighthOfTheTimeoutAtMostEverySecond() {
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), sweep.sweepNanos());
        assertEquals(TimeUnit.SECONDS.toNanos(1), new IdleSweep(TimeUnit.MINUTES.toNanos(10), now::get).sweepNanos());
        assertThrows(IllegalArgumentException.class, () -> new IdleSweep(0, now::get));
    }

    @Test
    void aSilentConnectionGetsOneIdleEventBetweenTheTimeoutAndOneSweepLater() {
        Events events = new Events();
        EmbeddedChannel ch = channel(events);
        assertEquals(1, sweep.tracked(ch.eventLoop()));
        advance(ch, TIMEOUT_MS - 10);
        assertEquals(List.of(), events.seen, "not before the timeout");
        advance(ch, sweep.sweepNanos() / 1_000_000 + 10);
        assertEquals(1, events.seen.size(), "within one sweep after the timeout");
        assertSame(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT, events.seen.get(0));
        assertEquals(0, sweep.tracked(ch.eventLoop()), "fired once, then no longer tracked");
        advance(ch, 3 * TIMEOUT_MS);
        assertEquals(1, events.seen.size());
        ch.finishAndReleaseAll();
    }

    @Test
    void readsKeepAConnectionAlive() {
        Events events = new Events();
        EmbeddedChannel ch = channel(events);
        for (int i = 0; i < 20; i++) {
            advance(ch, TIMEOUT_MS / 2);
            ch.writeInbound("line " + i);
            ch.readInbound();
        }
        assertEquals(List.of(), events.seen, "read every half timeout for ten timeouts: never idle");
        advance(ch, TIMEOUT_MS + sweep.sweepNanos() / 1_000_000 + 10);
        assertEquals(1, events.seen.size(), "idle once the reads stop");
        ch.finishAndReleaseAll();
    }

    @Test
    void closedConnectionsLeaveTheSweepAndOthersAreUnaffected() {
        Events quiet = new Events();
        Events busy = new Events();
        EmbeddedChannel a = channel(quiet);
        EmbeddedChannel b = new EmbeddedChannel(new Tracker(sweep), busy);
        // each embedded channel has a loop of its own, so each loop has its own member list
        // (members sharing a loop: AbuseTest.idleTimeoutClosesOnlyTheSilentConnections)
        assertEquals(1, sweep.tracked(a.eventLoop()));
        assertEquals(1, sweep.tracked(b.eventLoop()));
        a.close();
        a.runPendingTasks();
        assertEquals(0, sweep.tracked(a.eventLoop()), "closing untracks");
        advance(a, 3 * TIMEOUT_MS);
        assertEquals(List.of(), quiet.seen, "a closed connection gets no idle event");
        b.finishAndReleaseAll();
    }
}
