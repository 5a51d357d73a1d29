package dev.quarry.stratum.server;

import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.job.WorkSource;
import dev.quarry.stratum.metrics.StratumMetrics;
import dev.quarry.stratum.session.NotifyBroadcast;
import dev.quarry.stratum.session.NotifyEncoder;
import dev.quarry.stratum.share.DuplicateShareFilter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends each new job to every ready session: the notify line is serialized once, and each event
 * loop gets ONE task that writes the same bytes (a retained duplicate per channel) to all of its
 * channels and flushes each.
 *
 * <p>Why not {@code ChannelGroup.writeAndFlush}: called from the job thread, it queues a task, a
 * promise and a group-future listener per channel, and wakes the loops once per channel; with
 * 10,000 miners that was about 15 µs of event-loop CPU per miner per block. From inside the loop a
 * write goes straight down the pipeline with the void promise.
 */
final class JobBroadcaster implements Consumer<Job> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobBroadcaster.class);

    private final ChannelGroup readySessions;
    private final WorkSource work;
    private final DuplicateShareFilter duplicates;
    private final StratumMetrics metrics;
    private final LongSupplier nanoClock;
    private volatile boolean closed;

    JobBroadcaster(ChannelGroup readySessions, WorkSource work, DuplicateShareFilter duplicates, StratumMetrics metrics, LongSupplier nanoClock) {
        this.readySessions = readySessions;
        this.work = work;
        this.duplicates = duplicates;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    @Override
    public void accept(Job job) {
        if (closed) return;
        long start = nanoClock.getAsLong();
        try {
            ByteBuf line = NotifyEncoder.notify(ByteBufAllocator.DEFAULT, job, job.cleanJobs());
            try {
                Map<EventLoop, List<Channel>> byLoop = new IdentityHashMap<>();
                for (Channel ch : readySessions) byLoop.computeIfAbsent(ch.eventLoop(), k -> new ArrayList<>()).add(ch);
                byLoop.forEach((loop, channels) -> {
                    ByteBuf forLoop = line.retainedDuplicate();
                    try {
                        loop.execute(() -> writeAll(job, forLoop, channels));
                    } catch (RuntimeException rejected) { // the loop is shutting down
                        forLoop.release();
                    }
                });
            } finally {
                line.release();
            }
        } catch (RuntimeException e) {
            // Never let a broken job break the job manager's thread; miners keep the previous job.
            log.error("could not broadcast job {}", job.jobId(), e);
            return;
        }
        metrics.broadcast(nanoClock.getAsLong() - start);
        // Drop duplicate-filter entries of jobs the work source expired (bounded by its job history).
        duplicates.prune(work);
    }

    /** On the channels' event loop: no task, promise or wake-up per channel. */
    private static void writeAll(Job job, ByteBuf line, List<Channel> channels) {
        try {
            for (Channel ch : channels) {
                if (ch.isActive()) ch.writeAndFlush(new NotifyBroadcast(job, line.retainedDuplicate()), ch.voidPromise());
            }
        } finally {
            line.release();
        }
    }

    void close() {
        closed = true;
    }
}
