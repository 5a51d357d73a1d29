package dev.quarry.stratum.session;

import dev.quarry.accounting.journal.ShareJournal;
import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.abuse.BanList;
import dev.quarry.stratum.block.BlockSink;
import dev.quarry.stratum.job.WorkSource;
import dev.quarry.stratum.metrics.StratumMetrics;
import dev.quarry.stratum.share.ShareChecker;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Everything shared by all sessions of a server. {@code poolVersionMask} is read on every
 * configure; the server may change it at runtime (mining.set_version_mask).
 */
public final class SessionServices {

    final WorkSource work;
    final ShareChecker checker;
    final ShareJournal journal;
    final BlockSink blocks;
    final WorkerAuthorizer authorizer;
    final ExtranonceAllocator extranonces;
    final StratumMetrics metrics;
    final AbuseConfig abuse;
    final BanList bans;
    final ChannelGroup readySessions;
    /** Every subscribed session, ready or not: shutdown tells all of them to reconnect. */
    final ChannelGroup subscribedSessions = new io.netty.channel.group.DefaultChannelGroup("quarry-subscribed",
            io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    final LongSupplier nanoClock;
    private volatile int poolVersionMask;
    private volatile WorkerActivityListener activity = WorkerActivityListener.NONE;
    /** One per event loop (a handful); sessions look theirs up once, when added to their channel. */
    private final ConcurrentMap<EventExecutor, LoopInbox> inboxes =
            new ConcurrentHashMap<>();

    public SessionServices(WorkSource work, ShareChecker checker, ShareJournal journal, BlockSink blocks,
                           WorkerAuthorizer authorizer, ExtranonceAllocator extranonces, StratumMetrics metrics,
                           AbuseConfig abuse, BanList bans, ChannelGroup readySessions, LongSupplier nanoClock, int poolVersionMask) {
        this.work = work;
        this.checker = checker;
        this.journal = journal;
        this.blocks = blocks;
        this.authorizer = authorizer;
        this.extranonces = extranonces;
        this.metrics = metrics;
        this.abuse = abuse;
        this.bans = bans;
        this.readySessions = readySessions;
        this.nanoClock = nanoClock;
        this.poolVersionMask = poolVersionMask;
    }

    public void setActivityListener(WorkerActivityListener listener) {
        this.activity = listener == null ? WorkerActivityListener.NONE : listener;
    }

    LoopInbox inbox(EventExecutor loop) {
        return inboxes.computeIfAbsent(loop, LoopInbox::new);
    }

    WorkerActivityListener activity() {
        return activity;
    }

    public int poolVersionMask() {
        return poolVersionMask;
    }

    public void poolVersionMask(int mask) {
        this.poolVersionMask = mask;
    }

    public ChannelGroup readySessions() {
        return readySessions;
    }

    public ChannelGroup subscribedSessions() {
        return subscribedSessions;
    }

    public StratumMetrics metrics() {
        return metrics;
    }

    public AbuseConfig abuse() {
        return abuse;
    }

    public BanList bans() {
        return bans;
    }

    public WorkSource work() {
        return work;
    }
}
