package dev.quarry.simulate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated miner across its connections: opens a socket, runs a {@link MinerSession} on it,
 * paces synthetic submits or feeds the real hasher, and reconnects on client.reconnect or when
 * the server drops it. All state is touched only on the miner's event loop.
 */
final class SimulatedMiner implements SessionEvents {

    private final int index;
    private final FirmwareProfile profile;
    private final Fleet fleet;
    private final SplittableRandom random;
    private final PoissonPacer pacer;

    private EventLoop loop;
    private Channel channel;
    private MinerSession session;
    private String resumeId;
    private boolean dirty;
    private boolean authorizedCounted;
    private boolean failed;
    private boolean reconnectRequested;
    private String reconnectHost;
    private Integer reconnectPort;
    private int reconnectWait;
    private ScheduledFuture<?> nextSubmit;
    private long connectStartedNanos;

    SimulatedMiner(int index, FirmwareProfile profile, Fleet fleet, long seed) {
        this.index = index;
        this.profile = profile;
        this.fleet = fleet;
        this.random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        FleetConfig cfg = fleet.config();
        this.pacer = cfg.mode() == ShareMode.SYNTHETIC ? new PoissonPacer(cfg.ratePerMiner(), random.split()) : null;
    }

    int index() {
        return index;
    }

    FirmwareProfile profile() {
        return profile;
    }

    // ------------------------------------------------------------------ connection lifecycle

    void connect(String host, int port) {
        if (fleet.stopping()) return;
        connectStartedNanos = System.nanoTime();
        fleet.stats().connectAttempts.increment();
        fleet.connect(this, host, port).addListener(f -> {
            if (!f.isSuccess()) {
                fleet.stats().connectFailures.increment();
                scheduleReconnect(host, port, 1 + ThreadLocalRandom.current().nextInt(3), false);
            }
        });
    }

    /** Called by the pipeline once the socket is up. */
    void channelActive(Channel ch) {
        this.channel = ch;
        this.loop = ch.eventLoop();
        fleet.stats().connectionUp();
        reconnectRequested = false;
        session = new MinerSession(profile, fleet.config().usernameFor(index), fleet.config().password(),
                random.split(), this, profile == FirmwareProfile.ESP_MINER ? null : resumeId);
        session.start(System.nanoTime());
        flush();
    }

    void lineReceived(String line) {
        long now = System.nanoTime();
        session.onLine(line, now);
        flush();
    }

    void channelInactive() {
        fleet.stats().connected.decrementAndGet();
        if (authorizedCounted) {
            fleet.stats().authorized.decrementAndGet();
            authorizedCounted = false;
        }
        cancelSubmits();
        if (session != null && session.notifySubscriptionId() != null) resumeId = session.notifySubscriptionId();
        channel = null;
        if (fleet.stopping() || failed) return;
        StratumUrl home = fleet.config().url();
        if (reconnectRequested) {
            String host = reconnectHost != null && fleet.policy().permits(reconnectHost) ? reconnectHost : home.host();
            int port = reconnectHost != null && fleet.policy().permits(reconnectHost) && reconnectPort != null ? reconnectPort : home.port();
            scheduleReconnect(host, port, reconnectWait, true);
        } else {
            fleet.stats().disconnects.increment();
            scheduleReconnect(home.host(), home.port(), 1 + ThreadLocalRandom.current().nextInt(3), true);
        }
    }

    private void scheduleReconnect(String host, int port, int waitSeconds, boolean countAsReconnect) {
        if (fleet.stopping()) return;
        EventLoop l = loop != null ? loop : fleet.nextLoop();
        l.schedule(() -> {
            if (fleet.stopping()) return;
            if (countAsReconnect) fleet.stats().reconnects.increment();
            connect(host, port);
        }, Math.max(0, waitSeconds) * 1000L + ThreadLocalRandom.current().nextInt(250), TimeUnit.MILLISECONDS);
    }

    /** Stop submitting (end of run); the channel is closed by the fleet. */
    void stop() {
        if (loop == null) return;
        loop.execute(() -> {
            cancelSubmits();
            if (channel != null) channel.close();
        });
    }

    void stopSubmitting() {
        if (loop == null) return;
        loop.execute(this::cancelSubmits);
    }

    private void cancelSubmits() {
        if (nextSubmit != null) {
            nextSubmit.cancel(false);
            nextSubmit = null;
        }
        if (fleet.hasher() != null) fleet.hasher().assign(this, null);
    }

    int outstanding() {
        return session == null ? 0 : session.outstandingRequests();
    }

    // ------------------------------------------------------------------ SessionEvents

    @Override
    public void send(String line) {
        Channel ch = channel;
        if (ch == null) return;
        ByteBuf buf = ch.alloc().buffer(ByteBufUtil.utf8MaxBytes(line) + 1);
        ByteBufUtil.writeUtf8(buf, line);
        buf.writeByte('\n');
        ch.write(buf, ch.voidPromise());
        dirty = true;
    }

    private void flush() {
        if (dirty && channel != null) {
            dirty = false;
            channel.flush();
        }
    }

    @Override
    public void authorized() {
        if (!authorizedCounted) {
            authorizedCounted = true;
            fleet.minerAuthorized(this, System.nanoTime() - connectStartedNanos);
        }
        startWork();
    }

    @Override
    public void jobReceived(MinerJob job, boolean firstOfSession) {
        fleet.stats().jobs.increment();
        if (job.clean()) {
            fleet.stats().cleanJobs.increment();
            if (!firstOfSession) fleet.stats().jobReceipts.record(job, System.nanoTime());
        }
        if (fleet.config().mode() == ShareMode.REAL && session.canSubmit() && !fleet.stopping()) {
            fleet.hasher().assign(this, session.nextWorkUnit());
        } else {
            startWork();
        }
    }

    @Override
    public void verdict(boolean accepted, String rejectReason, long latencyNanos) {
        FleetStats s = fleet.stats();
        if (accepted) s.accepted.increment();
        else s.rejected(rejectReason);
        s.submitLatencyMicros.record(latencyNanos / 1000);
    }

    @Override
    public void handshakeFailed(String why) {
        failed = true;
        fleet.stats().handshakeFailed(why);
        if (channel != null) channel.close();
    }

    @Override
    public void reconnectRequested(String host, Integer port, int waitSeconds) {
        fleet.stats().reconnectsRequested.increment();
        reconnectRequested = true;
        reconnectHost = host;
        reconnectPort = port;
        reconnectWait = waitSeconds;
        if (channel != null) channel.close();
    }

    @Override
    public void protocolError(String what) {
        fleet.stats().protocolErrors.increment();
    }

    // ------------------------------------------------------------------ work

    private void startWork() {
        if (fleet.stopping() || session == null || !session.canSubmit()) return;
        if (fleet.config().mode() == ShareMode.SYNTHETIC) {
            if (nextSubmit == null) scheduleSubmit();
        } else {
            fleet.hasher().assign(this, session.nextWorkUnit());
        }
    }

    private void scheduleSubmit() {
        nextSubmit = loop.schedule(this::fireSubmit, pacer.nextDelayNanos(), TimeUnit.NANOSECONDS);
    }

    private void fireSubmit() {
        nextSubmit = null;
        if (fleet.stopping() || channel == null) return;
        if (session.submitSynthetic(System.nanoTime())) {
            fleet.stats().submits.increment();
            flush();
        }
        scheduleSubmit();
    }

    /** From the hasher thread: a share meeting the job difficulty was found. */
    void shareFound(WorkUnit work, int ntime, int nonce) {
        EventLoop l = loop;
        if (l == null) return;
        l.execute(() -> {
            if (fleet.stopping() || channel == null || session == null || !session.canSubmit()) return;
            session.submit(work, ntime, nonce, System.nanoTime());
            fleet.stats().submits.increment();
            flush();
        });
    }

    /** From the hasher thread: the nonce range of {@code work} is exhausted; hand out the next extranonce2. */
    void workExhausted(WorkUnit work) {
        EventLoop l = loop;
        if (l == null) return;
        l.execute(() -> {
            if (fleet.stopping() || session == null || !session.canSubmit()) return;
            if (session.currentJob() != work.job()) return; // a newer job was already assigned
            fleet.hasher().assign(this, session.nextWorkUnit());
        });
    }

    /** Netty glue: frames are lines (LineBasedFrameDecoder + StringDecoder upstream). */
    static final class Handler extends SimpleChannelInboundHandler<String> {
        private final SimulatedMiner miner;

        Handler(SimulatedMiner miner) {
            this.miner = miner;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            miner.channelActive(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            if (!line.isEmpty()) miner.lineReceived(line);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            miner.channelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            miner.protocolError(cause.getClass().getSimpleName());
            ctx.close();
        }
    }

    static InetSocketAddress localAddressFor(int index, int sourceIps) {
        return new InetSocketAddress("127.0.0." + (1 + index % sourceIps), 0);
    }
}
