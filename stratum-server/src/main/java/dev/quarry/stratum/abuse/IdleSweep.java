package dev.quarry.stratum.abuse;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Closes connections that send nothing for the idle timeout, with one sweep task per event loop
 * instead of a handler and a timer per connection (Netty's {@code IdleStateHandler}: ~220 bytes
 * of heap and a scheduled task per connection, and a clock read per read).
 *
 * <p>Reads only set a flag on their connection ({@link Tracked#markRead}); every
 * {@link #sweepNanos()} the loop's sweep turns set flags into "seen now" and fires
 * {@link IdleStateEvent#FIRST_READER_IDLE_STATE_EVENT} down the pipeline of every connection not
 * seen for the timeout, as the handler it replaces did. A connection is therefore closed between
 * {@code timeout} and {@code timeout + sweep} after its last read. Members of a loop form an
 * intrusive list touched only by that loop's thread.
 */
public final class IdleSweep {

    /** One tracked connection: what the sweep needs to know about it (~40 bytes). */
    public static final class Tracked {
        private final ChannelHandlerContext ctx;
        private Tracked prev;
        private Tracked next;
        private long lastSeenNanos;
        private boolean readSinceSweep;
        private boolean linked;

        private Tracked(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        /** Called for every read (cheap: no clock, no allocation). */
        public void markRead() {
            readSinceSweep = true;
        }
    }

    private final long timeoutNanos;
    private final long sweepNanos;
    private final LongSupplier clock;
    private final Map<EventExecutor, LoopMembers> loops = new ConcurrentHashMap<>();

    /** @param timeoutNanos idle time after which a connection gets the idle event (positive) */
    public IdleSweep(long timeoutNanos, LongSupplier clock) {
        if (timeoutNanos <= 0) throw new IllegalArgumentException("idle timeout must be positive");
        this.timeoutNanos = timeoutNanos;
        // An eighth of the timeout, at most a second: the timeout is honoured within 12.5 % (or 1 s),
        // and a loop with 50,000 connections spends a fraction of a millisecond per sweep.
        this.sweepNanos = Math.max(1_000_000L, Math.min(TimeUnit.SECONDS.toNanos(1), timeoutNanos / 8));
        this.clock = clock;
    }

    public long sweepNanos() {
        return sweepNanos;
    }

    /**
     * Starts tracking the connection of {@code ctx}, whose events the idle event enters the
     * pipeline after (call on the channel's event loop, when the channel becomes active).
     */
    public Tracked add(ChannelHandlerContext ctx) {
        LoopMembers lm = loops.computeIfAbsent(ctx.executor(), LoopMembers::new);
        Tracked m = new Tracked(ctx);
        m.lastSeenNanos = clock.getAsLong();
        lm.link(m);
        return m;
    }

    /** Stops tracking {@code m} (on its event loop, when the channel becomes inactive); idempotent. */
    public void remove(Tracked m) {
        if (m == null || !m.linked) return;
        LoopMembers lm = loops.get(m.ctx.executor());
        if (lm != null) lm.unlink(m);
    }

    /** Connections tracked on {@code loop} right now (tests, diagnostics). */
    int tracked(EventExecutor loop) {
        LoopMembers lm = loops.get(loop);
        return lm == null ? 0 : lm.size;
    }

    private final class LoopMembers {
        private Tracked head;
        private int size;

        LoopMembers(EventExecutor loop) {
            loop.scheduleAtFixedRate(this::sweep, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
        }

        void link(Tracked m) {
            m.prev = null;
            m.next = head;
            if (head != null) head.prev = m;
            head = m;
            m.linked = true;
            size++;
        }

        void unlink(Tracked m) {
            if (m.prev != null) m.prev.next = m.next;
            else head = m.next;
            if (m.next != null) m.next.prev = m.prev;
            m.prev = null;
            m.next = null;
            m.linked = false;
            size--;
        }

        void sweep() {
            long now = clock.getAsLong();
            Tracked m = head;
            while (m != null) {
                Tracked next = m.next; // the event may close the channel and unlink m
                if (m.readSinceSweep) {
                    m.readSinceSweep = false;
                    m.lastSeenNanos = now;
                } else if (now - m.lastSeenNanos >= timeoutNanos) {
                    // Fired once: the connection stops being tracked, as the session closes on it.
                    unlink(m);
                    m.ctx.fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
                }
                m = next;
            }
        }
    }
}
