package dev.quarry.stratum.server;

import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.job.WorkSource;
import dev.quarry.stratum.metrics.StratumMetrics;
import dev.quarry.stratum.session.NotifyBroadcast;
import dev.quarry.stratum.session.NotifyEncoder;
import dev.quarry.stratum.share.DuplicateShareFilter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.group.ChannelGroup;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends each new job to every ready session: the notify line is serialized once and the same
 * bytes (a retained duplicate per channel) are written and flushed through the ChannelGroup.
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
            readySessions.writeAndFlush(new NotifyBroadcast(job, line));
        } catch (RuntimeException e) {
            // Never let a broken job break the job manager's thread; miners keep the previous job.
            log.error("could not broadcast job {}", job.jobId(), e);
            return;
        }
        metrics.broadcast(nanoClock.getAsLong() - start);
        // Drop duplicate-filter entries of jobs the work source expired (bounded by its job history).
        duplicates.prune(work);
    }

    void close() {
        closed = true;
    }
}
