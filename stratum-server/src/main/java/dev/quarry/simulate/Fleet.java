package dev.quarry.simulate;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs N simulated miners on one Netty event-loop group (never a thread per miner): ramps the
 * connections up, lets them mine for the configured duration, then stops, waits briefly for
 * outstanding verdicts and returns the summary. Every run is bounded by the miner cap and the
 * duration.
 */
public final class Fleet {

    private static final int MAX_LINE = 64 * 1024;

    private final FleetConfig config;
    private final HostPolicy policy;
    private final FleetStats stats = new FleetStats();
    private final List<SimulatedMiner> miners = new ArrayList<>();
    private final AtomicInteger authorizedOnce = new AtomicInteger();
    private volatile boolean stopping;
    private EventLoopGroup group;
    private Bootstrap bootstrap;
    private Hasher hasher;
    private long startNanos;

    public Fleet(FleetConfig config) {
        this.config = config;
        this.policy = new HostPolicy(config.allowedHosts());
        policy.check(config.url().host());
    }

    FleetConfig config() {
        return config;
    }

    HostPolicy policy() {
        return policy;
    }

    public FleetStats stats() {
        return stats;
    }

    boolean stopping() {
        return stopping;
    }

    Hasher hasher() {
        return hasher;
    }

    EventLoop nextLoop() {
        return group.next();
    }

    /** Runs to completion (duration elapsed) and returns the summary. */
    public FleetSummary run(PrintStream progressOut) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        group = epoll ? new EpollEventLoopGroup(config.ioThreads()) : new NioEventLoopGroup(config.ioThreads());
        bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        if (config.mode() == ShareMode.REAL) hasher = RealHasher.create(config.hashThreads(), config.hashrateCapPerMiner(), stats);
        for (int i = 0; i < config.miners(); i++) {
            miners.add(new SimulatedMiner(i, config.profiles().forMiner(i), this, config.seed()));
        }
        ProgressReporter progress = new ProgressReporter(stats, config.miners(), progressOut);
        startNanos = System.nanoTime();
        long endNanos = startNanos + config.duration().toNanos();
        long warmupEnd = startNanos + config.warmup().toNanos();
        FleetSummary.Window window = null; // what was counted before the measured window opened
        long cpuStart = ProcessCpu.nanos();
        try {
            int started = 0;
            long nextReport = startNanos + 1_000_000_000L;
            while (System.nanoTime() < endNanos) {
                long now = System.nanoTime();
                double elapsed = (now - startNanos) / 1e9;
                int due = (int) Math.min(config.miners(), Math.floor(config.rampPerSecond() * elapsed) + 1);
                while (started < due) {
                    SimulatedMiner m = miners.get(started++);
                    m.connect(config.url().host(), config.url().port());
                }
                if (window == null && now >= warmupEnd) window = FleetSummary.Window.open(stats, now, ProcessCpu.nanos());
                if (now >= nextReport) {
                    if (config.progress()) progress.report(now - startNanos, ProcessCpu.nanos() - cpuStart);
                    nextReport += 1_000_000_000L;
                }
                long sleepMs = started < config.miners() ? 10 : Math.min(200, Math.max(1, (nextReport - System.nanoTime()) / 1_000_000));
                Thread.sleep(Math.max(1, Math.min(sleepMs, (endNanos - System.nanoTime()) / 1_000_000 + 1)));
            }
            // Stop submitting, give outstanding verdicts a moment, then close.
            if (window == null) window = FleetSummary.Window.open(stats, warmupEnd, cpuStart);
            stopping = true;
            FleetSummary.Window measured = window.close(stats, System.nanoTime(), ProcessCpu.nanos());
            for (SimulatedMiner m : miners) m.stopSubmitting();
            long graceEnd = System.nanoTime() + config.grace().toNanos();
            while (System.nanoTime() < graceEnd && stats.submits.sum() > stats.accepted.sum() + stats.rejectedTotal()) {
                Thread.sleep(20);
            }
            if (config.progress()) progress.finish();
            for (SimulatedMiner m : miners) m.stop();
            Thread.sleep(100);
            return FleetSummary.build(config, stats, measured);
        } finally {
            stopping = true;
            if (hasher != null) hasher.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    ChannelFuture connect(SimulatedMiner miner, String host, int port) {
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE),
                        new StringDecoder(StandardCharsets.UTF_8),
                        new SimulatedMiner.Handler(miner));
            }
        });
        InetSocketAddress remote = new InetSocketAddress(host, port);
        if (config.sourceIps() > 1 && remote.getAddress() instanceof java.net.Inet4Address
                && remote.getAddress().isLoopbackAddress()) {
            return b.connect(remote, SimulatedMiner.localAddressFor(miner.index(), config.sourceIps()));
        }
        return b.connect(remote);
    }

    void minerAuthorized(SimulatedMiner miner, long handshakeNanos) {
        stats.authorized.incrementAndGet();
        if (authorizedOnce.incrementAndGet() == config.miners() && stats.allAuthorizedNanos == 0) {
            stats.allAuthorizedNanos = System.nanoTime() - startNanos;
        }
    }
}
