package dev.quarry.stratum.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a connection's outgoing lines in request order although some answers (accepted shares,
 * which wait for the journal) complete later: each request reserves a slot, and lines are
 * written as soon as every earlier slot is complete. Used only on the connection's event loop.
 */
final class OrderedReplies {

    static final class Slot {
        private final List<ByteBuf> lines = new ArrayList<>(2);
        private boolean complete;
    }

    // Sized for the few answers a miner has in flight (it grows if needed): the default 16 slots
    // were ~60 bytes of every idle connection's heap.
    private final ArrayDeque<Slot> pending = new ArrayDeque<>(2);
    private boolean closed;

    Slot reserve() {
        Slot s = new Slot();
        pending.addLast(s);
        return s;
    }

    /** Writes a line now if nothing is waiting, else queues it behind the waiting answers. */
    void send(ChannelHandlerContext ctx, ByteBuf line) {
        if (closed) {
            line.release();
        } else if (pending.isEmpty()) {
            ctx.writeAndFlush(line, ctx.voidPromise());
        } else {
            Slot s = reserve();
            s.lines.add(line);
            s.complete = true;
        }
    }

    void complete(ChannelHandlerContext ctx, Slot slot, ByteBuf line) {
        if (closed) {
            // The connection ended while this answer waited (e.g. for the journal): nobody to tell.
            if (line != null) line.release();
            return;
        }
        if (line != null) slot.lines.add(line);
        slot.complete = true;
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().complete) {
            for (ByteBuf b : pending.pollFirst().lines) {
                ctx.write(b, ctx.voidPromise());
                wrote = true;
            }
        }
        if (wrote) ctx.flush();
    }

    int pendingCount() {
        return pending.size();
    }

    boolean idle() {
        return pending.isEmpty();
    }

    void releaseAll() {
        closed = true;
        for (Slot s : pending) for (ByteBuf b : s.lines) b.release();
        pending.clear();
    }
}
