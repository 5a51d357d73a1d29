package dev.quarry.stratum.server;

import dev.quarry.accounting.journal.ShareJournal;
import dev.quarry.stratum.abuse.BanList;
import dev.quarry.stratum.abuse.ConnectionLimiter;
import dev.quarry.stratum.block.BlockSink;
import dev.quarry.stratum.job.WorkSource;
import dev.quarry.stratum.metrics.StratumMetrics;
import dev.quarry.stratum.session.ExtranonceAllocator;
import dev.quarry.stratum.session.NotifyEncoder;
import dev.quarry.stratum.session.SequentialExtranonceAllocator;
import dev.quarry.stratum.session.SessionServices;
import dev.quarry.stratum.session.StratumSession;
import dev.quarry.stratum.session.WorkerAuthorizer;
import dev.quarry.stratum.share.DuplicateShareFilter;
import dev.quarry.stratum.share.PreparedJobCache;
import dev.quarry.stratum.share.ShareChecker;
import dev.quarry.stratum.share.ShareValidationStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The Stratum V1 server: binds every configured port (IPv4 and IPv6 addresses, optional TLS and
 * PROXY protocol), runs one {@link StratumSession} per connection, broadcasts new jobs from the
 * {@link WorkSource}, hands accepted shares to the {@link ShareJournal} and block candidates to
 * the {@link BlockSink}.
 *
 * <pre>{@code
 * StratumServer server = new StratumServer(config, workSource, journal, blockSink, authorizer, meterRegistry);
 * server.start();      // binds, returns when listening
 * ...
 * server.close();      // stops accepting, closes connections, releases threads
 * }</pre>
 */
public final class StratumServer implements AutoCloseable {

    /** Netty's defaults (64 B to 64 KiB, starting at 2 KiB), shared: the allocator itself is stateless. */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator();

    private static final Logger log = LoggerFactory.getLogger(StratumServer.class);

    /**
     * Netty's buffer leak detection, off unless the operator sets {@code io.netty.leakDetection.level}
     * (simple, advanced, paranoid; the test suite runs with simple). Netty's own default samples
     * one buffer in 128 and records a stack trace for it, and a share allocates three buffers: about
     * 0.4 µs of event-loop CPU per share at 20,000 shares/s (docs/benchmarks.md), for reports
     * that only matter when someone is hunting a leak.
     */
    static ResourceLeakDetector.Level leakDetectionOverride(String configured, String legacyConfigured) {
        // When set, Netty has read the property itself: leave its level alone.
        return configured == null && legacyConfigured == null ? ResourceLeakDetector.Level.DISABLED : null;
    }

    private final StratumServerConfig config;
    private final WorkSource work;
    private final StratumMetrics metrics;
    private final SessionServices services;
    private final ShareChecker checker;
    private final ChannelGroup readySessions = new DefaultChannelGroup("quarry-ready", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup allChannels = new DefaultChannelGroup("quarry-all", GlobalEventExecutor.INSTANCE);
    private final ConnectionLimiter limiter;
    private final JobBroadcaster broadcaster;
    private final Map<String, List<InetSocketAddress>> bound = new LinkedHashMap<>();
    private Transport transport;
    private ScheduledFuture<?> housekeeping;

    public StratumServer(StratumServerConfig config, WorkSource work, ShareJournal journal, BlockSink blocks,
                         WorkerAuthorizer authorizer, MeterRegistry registry) {
        this(config, work, journal, blocks, authorizer, registry, SequentialExtranonceAllocator.withDefaults(), System::nanoTime);
    }

    /** Full constructor: tests pass their own extranonce1 allocator and clock. */
    public StratumServer(StratumServerConfig config, WorkSource work, ShareJournal journal, BlockSink blocks,
                         WorkerAuthorizer authorizer, MeterRegistry registry, ExtranonceAllocator extranonces, LongSupplier nanoClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.work = Objects.requireNonNull(work, "work");
        this.metrics = new StratumMetrics(Objects.requireNonNull(registry, "registry"));
        DuplicateShareFilter duplicates = new DuplicateShareFilter();
        this.checker = new ShareChecker(work, new PreparedJobCache(256), duplicates, config.shareValidation());
        BanList bans = new BanList(nanoClock);
        this.services = new SessionServices(work, checker, Objects.requireNonNull(journal, "journal"), Objects.requireNonNull(blocks, "blocks"),
                Objects.requireNonNull(authorizer, "authorizer"), Objects.requireNonNull(extranonces, "extranonces"), metrics,
                config.abuse(), bans, readySessions, nanoClock, config.versionMask());
        this.limiter = new ConnectionLimiter(config.abuse().maxConnectionsPerIp(), config.abuse().maxConnectsPerWindow(),
                config.abuse().connectWindow().toNanos(), nanoClock);
        this.broadcaster = new JobBroadcaster(readySessions, work, duplicates, metrics, nanoClock);
        metrics.sessionsAuthorized(readySessions::size);
    }

    /** Binds all ports and starts serving jobs. */
    public synchronized void start() {
        if (transport != null) throw new IllegalStateException("already started");
        ResourceLeakDetector.Level leakDetection = leakDetectionOverride(System.getProperty("io.netty.leakDetection.level"),
                System.getProperty("io.netty.leakDetectionLevel"));
        if (leakDetection != null) ResourceLeakDetector.setLevel(leakDetection);
        transport = Transport.create(config.preferNativeTransport(), config.ioThreads());
        try {
            for (PortConfig port : config.ports()) {
                ServerBootstrap b = new ServerBootstrap()
                        .group(transport.boss(), transport.workers())
                        .channel(transport.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.SO_KEEPALIVE, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                        // One allocator for all connections (each still gets its own adaptive
                        // handle); by default every channel's config made its own instance.
                        .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
                        .childHandler(new TrackingInitializer(new StratumChannelInitializer(port, services, limiter)));
                List<InetSocketAddress> addresses = new ArrayList<>();
                for (String host : wildcardV6First(port.bindAddresses())) {
                    int p = port.port() == 0 && !addresses.isEmpty() ? addresses.get(0).getPort() : port.port();
                    ChannelFuture bind = b.bind(host, p).awaitUninterruptibly();
                    if (!bind.isSuccess()) {
                        // On Linux the IPv6 wildcard socket is dual-stack: it already serves IPv4, so
                        // "0.0.0.0" beside "::" finds its port taken. Anything else is a real failure.
                        if (isIpv4Wildcard(host) && addresses.stream().anyMatch(a -> a.getAddress().isAnyLocalAddress())) {
                            log.info("stratum port {}: {} is served by the dual-stack IPv6 wildcard", port.name(), host);
                            continue;
                        }
                        throw new IllegalStateException("cannot bind " + host + ":" + p + " for port " + port.name(), bind.cause());
                    }
                    Channel ch = bind.channel();
                    allChannels.add(ch);
                    addresses.add((InetSocketAddress) ch.localAddress());
                }
                bound.put(port.name(), List.copyOf(addresses));
                log.info("stratum port {} listening on {} ({}{}{})", port.name(), addresses, transport.name(),
                        port.tls() != null ? ", TLS" : "", port.proxyProtocol() ? ", PROXY protocol" : "");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        housekeeping = transport.workers().next().scheduleAtFixedRate(limiter::purgeIdle, 1, 1, TimeUnit.MINUTES);
        work.addJobListener(broadcaster);
    }

    private static List<String> wildcardV6First(List<String> hosts) {
        List<String> ordered = new ArrayList<>(hosts);
        ordered.sort((a, b) -> Boolean.compare(!isIpv6Wildcard(a), !isIpv6Wildcard(b)));
        return ordered;
    }

    private static boolean isIpv6Wildcard(String host) {
        return host.equals("::") || host.equals("[::]") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static boolean isIpv4Wildcard(String host) {
        return host.equals("0.0.0.0");
    }

    /** Receives difficulty changes and rejected shares per worker (for the holder API's worker view). */
    public void setWorkerActivityListener(dev.quarry.stratum.session.WorkerActivityListener listener) {
        services.setActivityListener(listener);
    }

    /** Which transport is in use: "epoll" or "nio" (after start). */
    public String transportName() {
        return transport == null ? null : transport.name();
    }

    /** The addresses a port is bound to (with the actual port number when 0 was configured). */
    public List<InetSocketAddress> boundAddresses(String portName) {
        List<InetSocketAddress> a = bound.get(portName);
        if (a == null) throw new IllegalArgumentException("no such port: " + portName);
        return a;
    }

    public int boundPort(String portName) {
        return boundAddresses(portName).get(0).getPort();
    }

    /**
     * Which hashing validates shares ({@code engine()}: "native-sha-ni" or "java", pow-core's
     * ShaPath labels) and how many native batch calls it made, with how many shares: a
     * snapshot for metrics.
     */
    public ShareValidationStats shareValidation() {
        return checker.stats();
    }

    public StratumMetrics metrics() {
        return metrics;
    }

    /** Number of sessions that are subscribed and authorized (receiving jobs). */
    public int readySessionCount() {
        return readySessions.size();
    }

    /** Changes the pool's version-rolling mask; sessions that negotiated rolling get mining.set_version_mask. */
    public void setVersionMask(int mask) {
        services.poolVersionMask(mask);
        forEachSession(s -> s.applyPoolVersionMask(mask));
    }

    /** Sends client.show_message to every ready session (one serialized line). */
    public void showMessage(String text) {
        readySessions.writeAndFlush(NotifyEncoder.showMessage(ByteBufAllocator.DEFAULT, text));
    }

    /**
     * Sends client.reconnect to every subscribed session, authorized or not (e.g. before maintenance
     * or on shutdown): a miner still authorizing would otherwise only see its connection drop.
     */
    public void reconnectAll(String host, Integer port, int waitSeconds) {
        services.subscribedSessions().writeAndFlush(NotifyEncoder.reconnect(ByteBufAllocator.DEFAULT, host, port, waitSeconds));
    }

    /**
     * The client address of every subscribed session: the socket peer, or the miner behind a trusted
     * PROXY-protocol sender (what bans and per-IP limits apply to). For operators and tests.
     */
    public List<java.net.InetAddress> subscribedClientAddresses() {
        List<java.net.InetAddress> out = new ArrayList<>();
        for (Channel ch : services.subscribedSessions()) {
            java.net.InetAddress a = dev.quarry.stratum.session.ClientAddress.of(ch);
            if (a != null) out.add(a);
        }
        return out;
    }

    /** Gives every session that accepts mining.set_extranonce a fresh extranonce1; returns how many were asked. */
    public int renewExtranonces() {
        AtomicInteger n = new AtomicInteger();
        for (Channel ch : readySessions) {
            StratumSession s = ch.pipeline().get(StratumSession.class);
            if (s == null) continue;
            try {
                if (ch.eventLoop().submit(s::renewExtranonce).get(5, TimeUnit.SECONDS)) n.incrementAndGet();
            } catch (Exception e) {
                log.debug("could not renew extranonce on {}: {}", ch, e.toString());
            }
        }
        return n.get();
    }

    private void forEachSession(java.util.function.Consumer<StratumSession> action) {
        for (Channel ch : readySessions) {
            StratumSession s = ch.pipeline().get(StratumSession.class);
            if (s != null) ch.eventLoop().execute(() -> action.accept(s));
        }
    }

    @Override
    public synchronized void close() {
        broadcaster.close();
        if (housekeeping != null) housekeeping.cancel(false);
        allChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (transport != null) {
            transport.boss().shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            transport.workers().shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Adds every accepted connection to the group closed on shutdown. */
    private final class TrackingInitializer extends io.netty.channel.ChannelInitializer<Channel> {
        private final StratumChannelInitializer inner;

        TrackingInitializer(StratumChannelInitializer inner) {
            this.inner = inner;
        }

        @Override
        protected void initChannel(Channel ch) {
            allChannels.add(ch);
            inner.initChannel(ch);
        }
    }
}
