package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.pow.address.Network;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateSource;
import dev.quarry.stratum.template.TemplateTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Block templates from one or more bitcoind nodes over JSON-RPC.
 *
 * <p>Work arrives from four triggers, all ending in the same getblocktemplate on the active node:
 * a long-poll that bitcoind answers when its tip (or mempool) changes, a ZMQ "hashblock"
 * notification (fastest), a periodic refresh that takes in new transactions, and a failover.
 * A health check probes every node with getblockchaininfo; {@link NodeFailover} decides which
 * node is active. Switching node never touches the listener: miners just get the next template.
 *
 * <p>Threads: "bitcoind-refresh" (all template fetches, serialized), "bitcoind-health" (probes and
 * timers), "bitcoind-longpoll", and "bitcoind-zmq" when configured. The listener is called from the
 * refresh or long-poll thread, one call at a time.
 */
public final class BitcoindTemplateSource implements TemplateSource {

    private static final Logger log = LoggerFactory.getLogger(BitcoindTemplateSource.class);

    private final BitcoindConfig config;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<JsonRpcClient> clients;
    private final NodeFailover failover;
    private final java.util.concurrent.ExecutorService httpExecutor;
    private final ScheduledExecutorService refresher;
    private final ScheduledExecutorService health;
    private final Thread longPollThread;
    private final ZmqBlockNotifier zmq;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Object longPollSignal = new Object();
    /** Serializes publishing (and so the listener calls). */
    private final Object publishLock = new Object();

    private volatile boolean closed;
    private volatile Consumer<BlockTemplate> listener;
    private volatile BlockTemplate current;
    /** Node whose template is current, and the long-poll id it gave (may differ from current's when work was unchanged). */
    private volatile int templateNode = -1;
    private volatile String longPollId;
    private volatile CompletableFuture<JsonNode> longPollInFlight;
    private volatile int longPollNode = -1;
    private volatile Network network;
    private volatile ChainInfo lastChainInfo;
    private int lastActive = -1; // guarded by this

    public BitcoindTemplateSource(BitcoindConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.httpExecutor = Executors.newCachedThreadPool(daemon("bitcoind-http"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // bitcoind speaks HTTP/1.1 only
                .connectTimeout(config.rpcTimeout())
                .executor(httpExecutor)
                .build();
        List<JsonRpcClient> list = new ArrayList<>();
        for (BitcoindConfig.NodeConfig node : config.nodes()) list.add(new JsonRpcClient(node, http, mapper));
        this.clients = List.copyOf(list);
        this.failover = new NodeFailover(clients.size(), config.recoverySuccesses());
        this.refresher = Executors.newSingleThreadScheduledExecutor(daemon("bitcoind-refresh"));
        this.health = Executors.newSingleThreadScheduledExecutor(daemon("bitcoind-health"));
        this.longPollThread = daemon("bitcoind-longpoll").newThread(this::longPollLoop);
        List<String> zmqEndpoints = config.nodes().stream().map(BitcoindConfig.NodeConfig::zmqHashBlock)
                .filter(Objects::nonNull).toList();
        this.zmq = zmqEndpoints.isEmpty() ? null : new ZmqBlockNotifier(zmqEndpoints, hash -> requestRefresh(
                "ZMQ hashblock " + RpcJson.hashToDisplay(hash)));
    }

    @Override
    public void start(Consumer<BlockTemplate> listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) throw new IllegalStateException("already started");
        this.listener = listener;
        long healthMs = config.healthCheckInterval().toMillis();
        long refreshMs = config.refreshInterval().toMillis();
        health.scheduleWithFixedDelay(this::checkHealth, 0, healthMs, TimeUnit.MILLISECONDS);
        health.scheduleWithFixedDelay(() -> requestRefresh("periodic refresh"), refreshMs, refreshMs, TimeUnit.MILLISECONDS);
        longPollThread.start();
        if (zmq != null) zmq.start();
    }

    @Override
    public BlockTemplate current() {
        return current;
    }

    /** The network of the nodes' chain, once a node has answered getblockchaininfo; null before. */
    public Network network() {
        return network;
    }

    /** The most recent getblockchaininfo answer of a usable node, or null. */
    public ChainInfo chainInfo() {
        return lastChainInfo;
    }

    /** Reports every RPC call (except long-polls) to {@code observer}, e.g. for metrics. */
    public void setRpcObserver(RpcObserver observer) {
        for (JsonRpcClient c : clients) c.setObserver(observer);
    }

    /** The configured node names, in priority order. */
    public List<String> nodeNames() {
        return clients.stream().map(JsonRpcClient::name).toList();
    }

    /** Whether the node at this index (priority order) is currently considered up by the failover. */
    public boolean isNodeUp(int node) {
        return failover.isUp(node);
    }

    /** Index (priority order) of the node that serves templates, or -1 when none can. */
    public int activeNode() {
        return failover.active();
    }

    /**
     * Asks the nodes, in priority order, for getblockchaininfo and returns the first answer of a node
     * that is not in initial block download. Usable before {@link #start}, e.g. to check the payout
     * address against the chain.
     *
     * @throws IOException when no node answers, or every node that answers is still syncing
     */
    public ChainInfo fetchChainInfo() throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        for (JsonRpcClient client : clients) {
            try {
                ChainInfo info = ChainInfo.fromRpc(client.call("getblockchaininfo", null, config.rpcTimeout()), client.name());
                if (!info.initialBlockDownload()) return info;
                problems.add(client.name() + " is in initial block download (" + info.blocks() + "/" + info.headers() + " blocks)");
            } catch (BitcoindException | MalformedRpcDataException e) {
                problems.add(e.getMessage());
            }
        }
        throw new IOException("no usable bitcoind node: " + String.join("; ", problems));
    }

    /** Schedules a getblocktemplate on the active node; calls while one is queued are merged. */
    public void requestRefresh(String reason) {
        if (closed) return;
        if (refreshQueued.compareAndSet(false, true)) {
            try {
                refresher.execute(() -> refresh(reason));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                refreshQueued.set(false); // closing
            }
        }
    }

    @Override
    public String submitBlock(byte[] block) throws IOException {
        String hex = HexFormat.of().formatHex(block);
        List<Integer> targets = failover.upNodes();
        if (targets.isEmpty()) { // nothing known to be up: try everyone rather than lose the block
            targets = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) targets.add(i);
        }
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int node : targets) {
            calls.add(clients.get(node).callAsync("submitblock", params(mapper.getNodeFactory().textNode(hex)), config.rpcTimeout()));
        }
        boolean accepted = false;
        String firstVerdict = null;
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < targets.size(); k++) {
            int node = targets.get(k);
            JsonRpcClient client = clients.get(node);
            try {
                JsonNode result = awaitCall(calls.get(k), client, "submitblock");
                if (result.isNull()) {
                    accepted = true;
                    log.info("{} accepted the block", client.name());
                } else {
                    String verdict = result.asText();
                    log.warn("{} rejected the block: {}", client.name(), verdict);
                    if (firstVerdict == null) firstVerdict = verdict;
                }
            } catch (RpcErrorException e) {
                log.warn("submitblock: {}", e.getMessage());
                if (firstVerdict == null) firstVerdict = e.rpcMessage();
            } catch (BitcoindException e) {
                failures.add(e.getMessage());
                if (e.nodeDown()) nodeFailed(node, e.getMessage());
            }
        }
        if (accepted) {
            requestRefresh("block submitted");
            return null;
        }
        if (firstVerdict != null) return firstVerdict;
        throw new IOException("block not submitted: no bitcoind node could be reached (" + String.join("; ", failures) + ")");
    }

    /**
     * getblockheader for a block we found, from the first node that answers.
     *
     * @param hash block hash, internal order
     * @return the header info, or null when the node does not know the block
     * @throws IOException when no node could be reached
     */
    public BlockHeaderInfo getBlockHeader(byte[] hash) throws IOException {
        String display = RpcJson.hashToDisplay(hash);
        List<Integer> order = new ArrayList<>(failover.upNodes());
        for (int i = 0; i < clients.size(); i++) if (!order.contains(i)) order.add(i);
        List<String> failures = new ArrayList<>();
        for (int node : order) {
            JsonRpcClient client = clients.get(node);
            try {
                JsonNode r = awaitCall(client.callAsync("getblockheader",
                        params(mapper.getNodeFactory().textNode(display), mapper.getNodeFactory().booleanNode(true)),
                        config.rpcTimeout()), client, "getblockheader");
                return BlockHeaderInfo.fromRpc(r, client.name());
            } catch (RpcErrorException e) {
                if (e.code() == RpcErrorException.RPC_INVALID_ADDRESS_OR_KEY) return null; // "Block not found"
                failures.add(e.getMessage());
            } catch (BitcoindException | MalformedRpcDataException e) {
                failures.add(e.getMessage());
                if (e instanceof BitcoindException && ((BitcoindException) e).nodeDown()) nodeFailed(node, e.getMessage());
            }
        }
        throw new IOException("getblockheader " + display + ": no bitcoind node answered (" + String.join("; ", failures) + ")");
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<JsonNode> lp = longPollInFlight;
        if (lp != null) lp.cancel(true);
        longPollThread.interrupt();
        refresher.shutdownNow();
        health.shutdownNow();
        if (zmq != null) zmq.close();
        httpExecutor.shutdownNow();
        try {
            longPollThread.join(2_000);
            refresher.awaitTermination(2, TimeUnit.SECONDS);
            health.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- health and failover ------------------------------------------------------------------

    /** Probes every node at once with getblockchaininfo and feeds the answers to the failover policy. */
    private void checkHealth() {
        try {
            probeAll();
        } catch (RuntimeException e) { // an escaping exception would silently cancel the schedule
            log.error("bitcoind health check failed", e);
        }
    }

    private void probeAll() {
        if (closed) return;
        List<CompletableFuture<JsonNode>> probes = new ArrayList<>();
        for (JsonRpcClient client : clients) probes.add(client.callAsync("getblockchaininfo", null, config.rpcTimeout()));
        for (int node = 0; node < clients.size(); node++) {
            JsonRpcClient client = clients.get(node);
            try {
                ChainInfo info = ChainInfo.fromRpc(awaitCall(probes.get(node), client, "getblockchaininfo"), client.name());
                String refusal = refusal(info);
                if (refusal != null) {
                    nodeFailed(node, refusal);
                } else {
                    nodeAnswered(node);
                    if (failover.active() == node) lastChainInfo = info;
                }
            } catch (BitcoindException | MalformedRpcDataException e) {
                nodeFailed(node, e.getMessage());
            } catch (RuntimeException e) {
                nodeFailed(node, e.toString());
            }
        }
    }

    /** Why a node that answered getblockchaininfo must not be mined on, or null if it may. */
    private String refusal(ChainInfo info) {
        synchronized (this) {
            if (network == null) {
                network = info.network();
                log.info("bitcoind chain is '{}' ({})", info.chainName(), info.network().displayName());
            }
        }
        if (info.network() != network) {
            return "node is on chain '" + info.chainName() + "' but the pool mines " + network.displayName();
        }
        if (info.initialBlockDownload()) {
            return "node is in initial block download (" + info.blocks() + " of " + info.headers() + " blocks); waiting";
        }
        return null;
    }

    private void nodeAnswered(int node) {
        activeMayHaveChanged(failover.recordSuccess(node));
    }

    private void nodeFailed(int node, String why) {
        boolean wasUp = failover.isUp(node);
        int active = failover.recordFailure(node);
        if (wasUp) log.warn("bitcoind {} is down: {}", clients.get(node).name(), why);
        else log.debug("bitcoind {} still down: {}", clients.get(node).name(), why);
        activeMayHaveChanged(active);
    }

    private void activeMayHaveChanged(int active) {
        int previous;
        synchronized (this) {
            previous = lastActive;
            if (previous == active) return;
            lastActive = active;
        }
        if (active < 0) {
            log.error("no bitcoind node can serve templates; miners keep the last work until one recovers");
        } else if (previous < 0) {
            log.info("bitcoind {} serves templates", clients.get(active).name());
        } else {
            log.warn("switching templates from bitcoind {} to {}", clients.get(previous).name(), clients.get(active).name());
        }
        CompletableFuture<JsonNode> lp = longPollInFlight;
        if (lp != null && longPollNode != active) lp.cancel(true);
        signalLongPoll();
        if (active >= 0) requestRefresh("node switch");
    }

    // ---- templates ----------------------------------------------------------------------------

    private void refresh(String reason) {
        refreshQueued.set(false);
        try {
            fetchTemplate(reason);
        } catch (RuntimeException e) {
            log.error("template refresh failed", e);
        }
    }

    private void fetchTemplate(String reason) {
        // Each failure takes a node down, so this visits every node at most once.
        for (int attempt = 0; attempt < clients.size() && !closed; attempt++) {
            int node = failover.active();
            if (node < 0) return; // the health check triggers a refresh when a node comes back
            JsonRpcClient client = clients.get(node);
            try {
                JsonNode r = client.call("getblocktemplate", gbtParams(null), config.rpcTimeout());
                publish(GbtMapper.map(r, client.name()), node, reason);
                return;
            } catch (BitcoindException | MalformedRpcDataException e) {
                nodeFailed(node, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void longPollLoop() {
        while (!closed && !Thread.currentThread().isInterrupted()) {
            int node = failover.active();
            String id = longPollId;
            if (node < 0 || id == null || templateNode != node) {
                synchronized (longPollSignal) { // re-checked under the lock so a publish cannot slip by unseen
                    if (failover.active() < 0 || longPollId == null || templateNode != failover.active()) {
                        awaitLongPollSignal(config.retryDelay().toMillis());
                    }
                }
                continue;
            }
            JsonRpcClient client = clients.get(node);
            CompletableFuture<JsonNode> call = client.callAsync("getblocktemplate", gbtParams(id), config.longPollTimeout(), true);
            longPollNode = node;
            longPollInFlight = call;
            if (failover.active() != node) call.cancel(true); // switched while we were issuing it
            try {
                JsonNode r = call.get();
                publish(GbtMapper.map(r, client.name()), node, "long-poll");
            } catch (CancellationException e) {
                // node switch or close: loop picks the new active node
            } catch (InterruptedException e) {
                call.cancel(true);
                return;
            } catch (ExecutionException e) {
                if (closed) return;
                BitcoindException failure = client.unwrap(e.getCause(), "getblocktemplate (long-poll)");
                if (failure instanceof RpcTimeoutException) continue; // nothing new within the long-poll window
                if (failure.getCause() instanceof CancellationException) continue; // node switch
                if (failure.nodeDown()) nodeFailed(node, failure.getMessage());
                else log.warn("long-poll: {}", failure.getMessage());
                awaitLongPollSignal(config.retryDelay().toMillis());
            } catch (MalformedRpcDataException e) {
                nodeFailed(node, e.getMessage());
            } finally {
                longPollInFlight = null;
            }
        }
    }

    private void publish(BlockTemplate t, int node, String reason) {
        Consumer<BlockTemplate> l;
        synchronized (publishLock) {
            if (closed || failover.active() != node) return; // a late answer from a node we left
            BlockTemplate previous = current;
            templateNode = node;
            longPollId = t.longPollId();
            if (previous != null && sameWork(previous, t)) {
                // Same work: miners keep their jobs, current() stays the template they were built from.
                signalLongPoll();
                return;
            }
            current = t;
            l = listener;
            log.info("new template from {} ({}): height {}, {} transactions, {} sat{}", t.source(), reason, t.height(),
                    t.transactions().size(), t.coinbaseValue(),
                    previous == null || !Arrays.equals(previous.previousBlockHash(), t.previousBlockHash()) ? ", new block" : "");
            signalLongPoll();
            try { // still under publishLock: listeners see templates one at a time, in order
                if (l != null) l.accept(t);
            } catch (RuntimeException e) {
                log.error("template listener failed", e);
            }
        }
    }

    /** Same block to build: nothing for miners to switch to. */
    static boolean sameWork(BlockTemplate a, BlockTemplate b) {
        if (a.height() != b.height() || a.bits() != b.bits() || a.version() != b.version()
                || a.coinbaseValue() != b.coinbaseValue() || !Arrays.equals(a.previousBlockHash(), b.previousBlockHash())
                || !Arrays.equals(a.defaultWitnessCommitment(), b.defaultWitnessCommitment())
                || a.transactions().size() != b.transactions().size()) {
            return false;
        }
        for (int i = 0; i < a.transactions().size(); i++) {
            TemplateTransaction x = a.transactions().get(i);
            TemplateTransaction y = b.transactions().get(i);
            if (!Arrays.equals(x.wtxid(), y.wtxid())) return false;
        }
        return true;
    }

    private ArrayNode gbtParams(String longPollId) {
        ObjectNode request = mapper.createObjectNode();
        ArrayNode rules = request.putArray("rules").add("segwit");
        // Bitcoin Core refuses getblocktemplate on signet unless the client declares the signet rule.
        if (network == Network.SIGNET) rules.add("signet");
        if (longPollId != null) request.put("longpollid", longPollId);
        return params(request);
    }

    private ArrayNode params(JsonNode... values) {
        ArrayNode a = mapper.createArrayNode();
        for (JsonNode v : values) a.add(v);
        return a;
    }

    private JsonNode awaitCall(CompletableFuture<JsonNode> call, JsonRpcClient client, String method) throws BitcoindException {
        try {
            return call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new BitcoindException(client.name() + ": " + method + " interrupted", false, e);
        } catch (ExecutionException | CancellationException e) {
            throw client.unwrap(e instanceof ExecutionException ? e.getCause() : e, method);
        }
    }

    private void signalLongPoll() {
        synchronized (longPollSignal) {
            longPollSignal.notifyAll();
        }
    }

    private void awaitLongPollSignal(long millis) {
        synchronized (longPollSignal) {
            try {
                longPollSignal.wait(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // only close() interrupts: the loop ends
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
