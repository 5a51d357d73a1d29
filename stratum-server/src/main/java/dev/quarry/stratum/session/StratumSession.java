package dev.quarry.stratum.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.accounting.journal.AcceptedShare;
import dev.quarry.accounting.journal.Acknowledgement;
import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.block.BlockCandidate;
import dev.quarry.stratum.codec.BadLine;
import dev.quarry.stratum.codec.JsonRpcWriter;
import dev.quarry.stratum.codec.StratumRequest;
import dev.quarry.stratum.abuse.InvalidShareTracker;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.share.CheckedShare;
import dev.quarry.stratum.share.RejectReason;
import dev.quarry.stratum.share.ShareContext;
import dev.quarry.stratum.share.ShareRejectedException;
import dev.quarry.stratum.share.ShareVerdict;
import dev.quarry.stratum.share.SubmitParser;
import dev.quarry.stratum.share.SubmittedShare;
import dev.quarry.stratum.share.VerdictListener;
import dev.quarry.stratum.vardiff.ShareDifficulty;
import dev.quarry.stratum.vardiff.Vardiff;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One miner connection: the Stratum state machine (configure / subscribe / authorize / work),
 * per-job difficulty bookkeeping, share submission and the answers, in request order.
 *
 * <p>All state is touched only on the channel's event loop. The one exception is the job
 * broadcast, which arrives as a {@link NotifyBroadcast} write and is therefore also handled on
 * the event loop.
 */
public final class StratumSession extends ChannelDuplexHandler implements ShareContext {

    private static final Logger log = LoggerFactory.getLogger(StratumSession.class);
    static final int MAX_WORKERS_PER_CONNECTION = 64;
    static final int REMEMBERED_JOBS = 64;
    /** Answers waiting for the journal per connection; a client pipelining more than this is cut off. */
    static final int MAX_PENDING_ANSWERS = 1024;
    private static final long FORCED_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final SessionServices svc;
    private final SessionSettings settings;
    private final OrderedReplies replies = new OrderedReplies();
    private final Map<String, WorkerName> workers = new LinkedHashMap<>(2); // most rigs authorize one worker
    private final SentJobs sentJobs;
    private final InvalidShareTracker invalidShares;

    private ChannelHandlerContext ctx;
    /** Where the journal's answers for this connection's shares are handed to its event loop. */
    private LoopInbox inbox;
    private boolean subscribed;
    private boolean ready;
    private boolean closing;
    private byte[] extranonce1;
    private int extranonce2Size;
    private int versionMask;
    private int previousVersionMask;
    private int minerVersionMask = 0xffffffff;
    private boolean versionRolling;
    private boolean extranonceSubscribed;
    private double fixedDifficulty = Double.NaN;
    private double lastSuggestion = Double.NaN;
    private double minimumDifficulty;
    private final Vardiff vardiff;
    private ShareDifficulty nextDifficulty;
    private ShareDifficulty sentDifficulty;
    private String lastJobSent;
    private int protocolErrors;
    private ScheduledFuture<?> subscribeTimer;
    private ScheduledFuture<?> vardiffTimer;
    private ScheduledFuture<?> slowReaderTimer;

    public StratumSession(SessionServices svc, SessionSettings settings) {
        this.svc = svc;
        this.settings = settings;
        this.extranonce2Size = settings.extranonce2Size();
        var policy = settings.difficulty();
        this.vardiff = policy.isVariable() ? new Vardiff(policy.vardiff(), policy.initialDifficulty(), svc.nanoClock.getAsLong()) : null;
        this.nextDifficulty = ShareDifficulty.of(policy.initialDifficulty());
        // No more than the work source keeps: shares on jobs it forgot are refused anyway.
        this.sentJobs = new SentJobs(Math.min(REMEMBERED_JOBS, svc.work.retainedJobs()));
        this.invalidShares = new InvalidShareTracker(svc.abuse.invalidShareLimit(), svc.abuse.invalidShareWindow().toNanos());
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.inbox = svc.inbox(ctx.executor());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        subscribeTimer = ctx.executor().schedule(() -> {
            if (!subscribed) disconnect("subscribe_timeout");
        }, svc.abuse.subscribeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (subscribeTimer != null) subscribeTimer.cancel(false);
        if (vardiffTimer != null) vardiffTimer.cancel(false);
        if (slowReaderTimer != null) slowReaderTimer.cancel(false);
        replies.releaseAll();
        if (extranonce1 != null) svc.extranonces.release(extranonce1);
        extranonce1 = null;
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            disconnect("idle");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * Everything raised below the session ends here: counted by kind and the connection closed.
     * Resets by the peer are normal life for miners; failed TLS handshakes are bad input; anything
     * else is unexpected (and visible in quarry_stratum_protocol_errors_total{kind="unexpected_exception"}).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof javax.net.ssl.SSLException || root instanceof io.netty.handler.ssl.NotSslRecordException) {
            svc.metrics.protocolError("tls_error");
            closing = true;
            svc.metrics.disconnect("tls_error");
            ctx.close();
        } else if (root instanceof java.io.IOException) {
            closing = true;
            svc.metrics.disconnect("io_error");
            ctx.close();
        } else {
            svc.metrics.unexpectedException();
            log.debug("closing {} after {}", ClientAddress.of(ctx.channel()), cause.toString());
            disconnect("exception");
        }
    }

    private void disconnect(String reason) {
        if (closing) return;
        closing = true;
        svc.metrics.disconnect(reason);
        ctx.channel().config().setAutoRead(false);
        // Flush what was answered so far (e.g. the error explaining the disconnect), then close;
        // a peer that does not read gets closed anyway shortly after.
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> ctx.close(), FORCED_CLOSE_NANOS, TimeUnit.NANOSECONDS);
    }

    /**
     * A miner that stops reading fills its outbound buffer (jobs keep coming). When the buffer
     * stays above the high-water mark for {@code slowReaderTimeout}, the connection is closed
     * without waiting for a flush, so it holds no memory and costs the broadcast nothing more.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().isWritable()) {
            if (slowReaderTimer == null) {
                slowReaderTimer = ctx.executor().schedule(() -> {
                    slowReaderTimer = null;
                    if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
                        closing = true;
                        svc.metrics.disconnect("slow_reader");
                        ctx.close();
                    }
                }, svc.abuse.slowReaderTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
        } else if (slowReaderTimer != null) {
            slowReaderTimer.cancel(false);
            slowReaderTimer = null;
        }
        super.channelWritabilityChanged(ctx);
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof StratumRequest req) {
            handle(req);
        } else if (msg instanceof BadLine bad) {
            handleBadLine(bad);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handleBadLine(BadLine bad) {
        svc.metrics.protocolError(bad.kind().metricName());
        if (bad.kind() == BadLine.Kind.OVERSIZED) {
            replies.send(ctx, JsonRpcWriter.error(ctx.alloc(), "null", 20, "Line too long", null, false));
        } else if (!bad.kind().fatal()) {
            replies.send(ctx, JsonRpcWriter.error(ctx.alloc(), bad.rawId(), 20, "Invalid request: " + bad.detail(), null, false));
        }
        if (bad.kind().fatal()) disconnect(bad.kind().metricName());
        else countProtocolError();
    }

    private void countProtocolError() {
        if (++protocolErrors > svc.abuse.maxProtocolErrors()) disconnect("protocol_errors");
    }

    private void handle(StratumRequest req) {
        if (replies.pendingCount() >= MAX_PENDING_ANSWERS) {
            disconnect("too_many_pending");
            return;
        }
        try {
            switch (req.method()) {
                case "mining.subscribe" -> subscribe(req);
                case "mining.authorize" -> authorize(req);
                case "mining.configure" -> configure(req);
                case "mining.submit" -> submit(req);
                case "mining.suggest_difficulty" -> suggest(req, SuggestedDifficulty.fromSuggestDifficulty(req.params()));
                case "mining.suggest_target" -> suggest(req, SuggestedDifficulty.fromSuggestTarget(req.params()));
                case "mining.extranonce.subscribe" -> {
                    extranonceSubscribed = true;
                    replyResult(req, JsonRpcWriter.resultBoolean(ctx.alloc(), req.rawId(), true));
                }
                case "mining.multi_version" -> replyResult(req, JsonRpcWriter.resultBoolean(ctx.alloc(), req.rawId(), true));
                case "mining.get_transactions" -> replyResult(req, JsonRpcWriter.result(ctx.alloc(), req.rawId(), g -> {
                    g.writeStartArray();
                    g.writeEndArray();
                }));
                case "mining.ping" -> replyResult(req, JsonRpcWriter.result(ctx.alloc(), req.rawId(), g -> g.writeString("pong")));
                case "pong" -> { /* ESP-Miner's answer to mining.ping: liveness only */ }
                default -> {
                    svc.metrics.protocolError("unknown_method");
                    replyError(req, 20, "Other/Unknown");
                }
            }
        } catch (InvalidParamsException e) {
            svc.metrics.protocolError("invalid_params");
            replyError(req, 20, "Invalid params: " + e.getMessage());
            countProtocolError();
        }
    }

    private void replyResult(StratumRequest req, ByteBuf line) {
        if (req.isNotification()) line.release();
        else replies.send(ctx, line);
    }

    private void replyError(StratumRequest req, int code, String message) {
        if (!req.isNotification()) replies.send(ctx, JsonRpcWriter.error(ctx.alloc(), req.rawId(), code, message, null, false));
    }

    // ---------------------------------------------------------------- methods

    private void subscribe(StratumRequest req) throws InvalidParamsException {
        JsonNode p = req.params();
        for (int i = 0; i < Math.min(p.size(), 2); i++) {
            if (!p.get(i).isTextual() && !p.get(i).isNull()) throw new InvalidParamsException("user agent and session id must be strings");
        }
        if (!subscribed) {
            String resume = p.size() > 1 && p.get(1).isTextual() ? p.get(1).asText() : null;
            extranonce1 = svc.extranonces.allocate(resume);
            subscribed = true;
            svc.subscribedSessions.add(ctx.channel());
            svc.metrics.subscribed();
            if (subscribeTimer != null) {
                subscribeTimer.cancel(false);
                subscribeTimer = null;  // the cancelled task and its lambda were ~80 bytes of every connection's heap
            }
        }
        // A repeated subscribe gets the same answer (same extranonce1): nothing changes for the miner.
        String sessionId = Hex.encode(extranonce1);
        replyResult(req, JsonRpcWriter.result(ctx.alloc(), req.rawId(), g -> {
            g.writeStartArray();
            g.writeStartArray();
            g.writeStartArray();
            g.writeString("mining.set_difficulty");
            g.writeString(sessionId);
            g.writeEndArray();
            g.writeStartArray();
            g.writeString("mining.notify");
            g.writeString(sessionId);
            g.writeEndArray();
            g.writeEndArray();
            g.writeString(sessionId);
            g.writeNumber(extranonce2Size);
            g.writeEndArray();
        }));
        maybeBecomeReady();
    }

    private void authorize(StratumRequest req) throws InvalidParamsException {
        JsonNode p = req.params();
        if (p.size() < 1 || !p.get(0).isTextual()) throw new InvalidParamsException("expected [worker, password]");
        if (p.size() > 1 && !p.get(1).isTextual() && !p.get(1).isNull()) throw new InvalidParamsException("password must be a string");
        String password = p.size() > 1 && p.get(1).isTextual() ? p.get(1).asText() : "";
        WorkerName name = WorkerName.parse(p.get(0).asText());
        if (name == null) {
            refuseAuthorize(req, "invalid worker name (expected <contract>.<rig>)");
            return;
        }
        if (!workers.containsKey(name.full()) && workers.size() >= MAX_WORKERS_PER_CONNECTION) {
            refuseAuthorize(req, "too many workers on one connection");
            return;
        }
        WorkerAuthorizer.Decision decision;
        try {
            decision = svc.authorizer.authorize(name, password);
        } catch (RuntimeException e) {
            log.warn("worker authorizer failed for {}", name.full(), e);
            decision = WorkerAuthorizer.Decision.refuse("authorization unavailable, try again");
        }
        if (!decision.allowed()) {
            refuseAuthorize(req, decision.message() == null ? "refused" : decision.message());
            return;
        }
        workers.put(name.full(), name);
        double d = PasswordOptions.staticDifficulty(password);
        if (!Double.isNaN(d)) {
            fixedDifficulty = settings.difficulty().clamp(d);
            setNextDifficulty(fixedDifficulty);
        }
        replyResult(req, JsonRpcWriter.resultBoolean(ctx.alloc(), req.rawId(), true));
        maybeBecomeReady();
    }

    private void refuseAuthorize(StratumRequest req, String why) {
        svc.metrics.protocolError("unauthorized");
        if (!req.isNotification()) {
            replies.send(ctx, JsonRpcWriter.error(ctx.alloc(), req.rawId(), 24, "Unauthorized worker: " + why, false, false));
        }
    }

    private void configure(StratumRequest req) throws InvalidParamsException {
        ConfigureNegotiation.Outcome o = ConfigureNegotiation.negotiate(req.params(), svc.poolVersionMask());
        if (o.versionMask() != null) {
            JsonNode m = req.params().size() > 1 ? req.params().get(1).get("version-rolling.mask") : null;
            if (m != null && m.isTextual()) {
                try {
                    minerVersionMask = dev.quarry.pow.header.StratumCodec.parseUint32(m.asText());
                } catch (IllegalArgumentException ignored) {
                    // negotiate() already reported it
                }
            }
            previousVersionMask = versionMask;
            versionMask = o.versionMask();
            versionRolling = versionMask != 0;
        }
        if (!Double.isNaN(o.minimumDifficulty())) applyMinimumDifficulty(o.minimumDifficulty());
        if (o.subscribeExtranonce()) extranonceSubscribed = true;
        replyResult(req, JsonRpcWriter.result(ctx.alloc(), req.rawId(), g -> g.writeTree(o.result())));
    }

    private void applyMinimumDifficulty(double minimum) {
        minimumDifficulty = minimum;
        if (vardiff != null) vardiff.setFloor(minimum);
        if (minimum > 0 && nextDifficulty.difficulty() < minimum) setNextDifficulty(settings.difficulty().clamp(minimum));
    }

    private void suggest(StratumRequest req, double suggested) {
        double d = settings.difficulty().clamp(Math.max(suggested, minimumDifficulty));
        // NerdMiner repeats its suggestion as a keep-alive: the same value changes nothing.
        // A static port and a worker's d=N are not negotiable by suggestions.
        if (d != lastSuggestion && Double.isNaN(fixedDifficulty) && settings.difficulty().isVariable()) {
            lastSuggestion = d;
            vardiff.reset(d, svc.nanoClock.getAsLong());
            setNextDifficulty(vardiff.difficulty());
        }
        replyResult(req, JsonRpcWriter.resultBoolean(ctx.alloc(), req.rawId(), true));
    }

    // ---------------------------------------------------------------- work

    private void maybeBecomeReady() {
        if (ready || !subscribed || workers.isEmpty()) return;
        ready = true;
        svc.readySessions.add(ctx.channel());
        Job current = svc.work.currentJob();
        if (current != null) sendJob(current, NotifyEncoder.notify(ctx.alloc(), current, true));
        if (vardiff != null) {
            long period = Math.max(1, settings.difficulty().vardiff().retargetWindow().toNanos() / 2);
            vardiffTimer = ctx.executor().scheduleAtFixedRate(this::vardiffTick, period, period, TimeUnit.NANOSECONDS);
        }
    }

    private void vardiffTick() {
        if (!Double.isNaN(fixedDifficulty)) return;
        double d = vardiff.onTick(svc.nanoClock.getAsLong());
        if (!Double.isNaN(d)) setNextDifficulty(d);
    }

    private void setNextDifficulty(double d) {
        if (d != nextDifficulty.difficulty()) nextDifficulty = ShareDifficulty.of(d);
    }

    /** Writes a job line, preceded by set_difficulty when this connection's difficulty changed. */
    private void sendJob(Job job, ByteBuf notifyLine) {
        if (job.jobId().equals(lastJobSent)) {
            notifyLine.release();
            return;
        }
        if (sentDifficulty == null || sentDifficulty.difficulty() != nextDifficulty.difficulty()) {
            sentDifficulty = nextDifficulty;
            replies.send(ctx, NotifyEncoder.setDifficulty(ctx.alloc(), sentDifficulty.difficulty()));
            WorkerActivityListener activity = svc.activity();
            for (WorkerName w : workers.values()) activity.difficultyChanged(w.full(), sentDifficulty.difficulty());
        }
        sentJobs.add(job.jobId(), sentDifficulty);
        lastJobSent = job.jobId();
        replies.send(ctx, notifyLine);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof NotifyBroadcast nb) {
            ByteBuf line = nb.content();
            if (!ready || closing) {
                line.release();
                promise.trySuccess();
                return;
            }
            promise.trySuccess();
            sendJob(nb.job(), line);
            return;
        }
        super.write(ctx, msg, promise);
    }

    /**
     * mining.submit: the answer's slot is reserved now, so whatever this connection sends next is
     * answered after it even when the hash is computed later in a batch (ShareChecker).
     */
    private void submit(StratumRequest req) {
        long start = svc.nanoClock.getAsLong();
        OrderedReplies.Slot slot = replies.reserve();
        CheckedShare checked;
        try {
            if (!subscribed) throw new ShareRejectedException(RejectReason.NOT_SUBSCRIBED);
            SubmittedShare share = SubmitParser.parse(req.params(), extranonce2Size);
            if (!workers.containsKey(share.worker())) throw new ShareRejectedException(RejectReason.UNAUTHORIZED_WORKER);
            checked = svc.checker.precheck(this, share);
        } catch (ShareRejectedException e) {
            reject(req, slot, e, start);
            return;
        }
        // The verdict may come from a batch task rather than from channelRead, so a failure here
        // is routed to exceptionCaught explicitly: it closes this connection, as it would have
        // when thrown from channelRead, and leaves the other shares of the batch alone.
        svc.checker.validate(ctx.executor(), checked, new VerdictListener() {
            @Override
            public void accepted(ShareVerdict verdict) {
                try {
                    onAccepted(req, slot, verdict, checked.extranonce1(), start);
                } catch (RuntimeException e) {
                    exceptionCaught(ctx, e);
                }
            }

            @Override
            public void rejected(ShareRejectedException reason) {
                try {
                    reject(req, slot, reason, start);
                } catch (RuntimeException e) {
                    exceptionCaught(ctx, e);
                }
            }
        });
    }

    /** An accepted share: block candidate (with the extranonce1 it was hashed with), vardiff, then the answer once the journal has it. */
    private void onAccepted(StratumRequest req, OrderedReplies.Slot slot, ShareVerdict verdict, byte[] en1, long start) {
        // The worker was authorized when the submit arrived; workers are never removed from a connection.
        WorkerName worker = workers.get(verdict.submitted().worker());
        if (verdict.blockFound()) {
            svc.metrics.blockFound();
            log.info("block candidate found by {} on job {} (height {})", worker.full(), verdict.job().jobId(), verdict.job().height());
            try {
                svc.blocks.blockFound(new BlockCandidate(verdict.job(), en1.clone(), verdict.submitted().extranonce2(),
                        verdict.header(), verdict.headerHash(), worker.full()));
            } catch (RuntimeException e) {
                log.error("block sink failed for a block candidate", e);
            }
        }
        if (vardiff != null && Double.isNaN(fixedDifficulty)) {
            double d = vardiff.onShare(verdict.difficulty().difficulty(), svc.nanoClock.getAsLong());
            if (!Double.isNaN(d)) setNextDifficulty(d);
        }
        AcceptedShare accepted = new AcceptedShare(verdict.headerHash(), System.currentTimeMillis(), worker.contract(), worker.full(),
                verdict.job().jobId(), verdict.difficulty().targetHex(), verdict.difficulty().difficulty(), verdict.achievedDifficulty(),
                verdict.job().bits(), verdict.job().height(), verdict.blockFound());
        JournalAnswer answer = new JournalAnswer(req, slot, verdict, worker, start);
        try {
            svc.journal.append(accepted, answer);
        } catch (RuntimeException e) {
            answer.failed(e);
        }
    }

    /**
     * The answer to an accepted share once the journal has it: told on the journal's thread,
     * written on this connection's event loop (through the loop's inbox, one task per bunch).
     */
    private final class JournalAnswer implements Acknowledgement, Runnable {
        private final StratumRequest req;
        private final OrderedReplies.Slot slot;
        private final ShareVerdict verdict;
        private final WorkerName worker;
        private final long start;
        /** Written before the post and read after it: the inbox's queue orders the two. */
        private Throwable failure;

        JournalAnswer(StratumRequest req, OrderedReplies.Slot slot, ShareVerdict verdict, WorkerName worker, long start) {
            this.req = req;
            this.slot = slot;
            this.verdict = verdict;
            this.worker = worker;
            this.start = start;
        }

        @Override
        public void durable() {
            inbox.post(this);
        }

        @Override
        public void failed(Throwable cause) {
            failure = cause;
            inbox.post(this);
        }

        @Override
        public void run() {
            if (failure == null) {
                svc.metrics.accepted(verdict.difficulty().difficulty());
                svc.metrics.submitLatency(svc.nanoClock.getAsLong() - start);
                replies.complete(ctx, slot, req.isNotification() ? null : JsonRpcWriter.resultBoolean(ctx.alloc(), req.rawId(), true));
            } else {
                log.warn("share journal refused a share of {}: {}", worker.full(), failure.toString());
                svc.checker.forget(verdict);
                reject(req, slot, new ShareRejectedException(RejectReason.NOT_RECORDED), start);
            }
        }
    }

    private void reject(StratumRequest req, OrderedReplies.Slot slot, ShareRejectedException e, long start) {
        RejectReason reason = e.reason();
        svc.metrics.rejected(reason);
        // Only workers authorized on this connection are reported: unknown names could be unbounded.
        JsonNode params = req.params();
        if (params != null && params.isArray() && params.size() > 0 && params.get(0).isTextual()) {
            WorkerName w = workers.get(params.get(0).asText());
            if (w != null) svc.activity().shareRejected(w.full(), reason.metricName(), System.currentTimeMillis());
        }
        svc.metrics.submitLatency(svc.nanoClock.getAsLong() - start);
        ByteBuf line = req.isNotification() ? null
                : JsonRpcWriter.error(ctx.alloc(), req.rawId(), reason.code(), e.getMessage(), false, true);
        replies.complete(ctx, slot, line);
        if (reason.countsTowardsBan() && invalidShares.recordInvalid(svc.nanoClock.getAsLong())) {
            InetAddress address = ClientAddress.of(ctx.channel());
            if (address != null) svc.bans.ban(address, svc.abuse.banDuration().toNanos());
            svc.metrics.ban("invalid_shares");
            disconnect("banned_invalid_shares");
        }
    }

    // ---------------------------------------------------------------- ShareContext

    @Override
    public byte[] extranonce1() {
        return extranonce1;
    }

    @Override
    public int extranonce2Size() {
        return extranonce2Size;
    }

    @Override
    public int versionMask() {
        // Shares in flight when the mask changed may still use the previous one (stratum-v1.md §4.3).
        return versionMask | previousVersionMask;
    }

    @Override
    public ShareDifficulty difficultyForJob(String jobId) {
        return sentJobs.difficultyOf(jobId);
    }

    // ---------------------------------------------------------------- server-initiated (call on the event loop)

    /** Applies a new pool mask: mask = pool ∩ miner, announced with mining.set_version_mask if rolling was negotiated. */
    public void applyPoolVersionMask(int poolMask) {
        if (!versionRolling && versionMask == 0) return;
        int m = poolMask & minerVersionMask;
        if (m == versionMask) return;
        previousVersionMask = versionMask;
        versionMask = m;
        replies.send(ctx, NotifyEncoder.setVersionMask(ctx.alloc(), m));
    }

    /**
     * Gives the miner a new extranonce1 with mining.set_extranonce (only if it said it accepts
     * it) followed by the current job as a clean job. Jobs sent before are forgotten for this
     * connection: shares on them would be built with the old extranonce1.
     */
    public boolean renewExtranonce() {
        if (!extranonceSubscribed || !subscribed || closing) return false;
        byte[] fresh = svc.extranonces.allocate(null);
        svc.extranonces.release(extranonce1);
        extranonce1 = fresh;
        sentJobs.clear();
        lastJobSent = null;
        replies.send(ctx, NotifyEncoder.setExtranonce(ctx.alloc(), fresh, extranonce2Size));
        Job current = svc.work.currentJob();
        if (ready && current != null) sendJob(current, NotifyEncoder.notify(ctx.alloc(), current, true));
        return true;
    }

    // ---------------------------------------------------------------- introspection for tests and ops

    public boolean isReady() {
        return ready;
    }

    public double nextDifficulty() {
        return nextDifficulty.difficulty();
    }

    public String extranonce1Hex() {
        return extranonce1 == null ? null : Hex.encode(extranonce1);
    }
}
