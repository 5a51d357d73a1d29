package dev.quarry.stratum.session;

import dev.quarry.stratum.job.Job;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * The one serialized mining.notify line of a new job, written to every ready session through a
 * ChannelGroup (which hands each channel a retained duplicate via {@link #replace}). Each
 * session's handler intercepts it on its own event loop to first send its own set_difficulty if
 * its difficulty changed, and to remember which difficulty the job was sent with.
 */
public final class NotifyBroadcast extends DefaultByteBufHolder {

    private final Job job;

    public NotifyBroadcast(Job job, ByteBuf line) {
        super(line);
        this.job = job;
    }

    public Job job() {
        return job;
    }

    @Override
    public NotifyBroadcast replace(ByteBuf content) {
        return new NotifyBroadcast(job, content);
    }
}
