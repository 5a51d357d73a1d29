package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bitcoind stand-in for tests: JSON-RPC 1.0 over HTTP on 127.0.0.1 (ephemeral port), answering
 * with recorded responses. It checks Basic auth like bitcoind (401, empty body), reports RPC errors
 * as HTTP 500 with an error object, holds long-poll getblocktemplate calls until the test releases
 * them, and can be made to fail: 401, a 503 text page, hang (timeouts), or drop the connection.
 */
public final class FakeBitcoind implements AutoCloseable {

    enum Fault { NONE, UNAUTHORIZED, HTTP_503_TEXT, HANG, DROP_CONNECTION }

    /** One authorized request: its method, params and the URI path it was sent to ("/" or "/wallet/<name>", decoded). */
    record Call(String method, JsonNode params, String path) {
    }

    /**
     * A transaction of the fake wallet: what {@code sendmany} created (or a test put there).
     *
     * @param replacedBy txid of a fee bump that replaced it, or null
     */
    record WalletTx(String txid, Map<String, Long> outputsSat, String comment, long feeSat, long timeSeconds, String replacedBy,
                    boolean receive) {
    }

    /** Amounts are written as Core writes them: plain decimals with 8 places (never 1E-8). */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    /** Upper bound for anything the fake holds, so no test can leave a thread behind for long. */
    private static final long MAX_HOLD_MS = 20_000;

    final String name;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-bitcoind");
        t.setDaemon(true);
        return t;
    });
    volatile String expectedUserPass;
    volatile JsonNode chainInfo;
    volatile JsonNode template;
    volatile JsonNode submitResult = NullNode.getInstance();
    volatile JsonNode blockHeader;
    volatile Fault fault = Fault.NONE;
    /** method -> {"code":..,"message":..} answered instead of a result */
    final Map<String, JsonNode> rpcErrors = new ConcurrentHashMap<>();
    /** every authorized request, in arrival order */
    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    /** longpollid of every long-poll that arrived */
    final BlockingQueue<String> longPolls = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> longPollAnswers = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    // ---------------------------------------------------------------- wallet
    // sendmany, listtransactions and gettransaction follow Bitcoin Core's RPC documentation (`bitcoin-cli
    // help <method>`, published at https://bitcoincore.org/en/doc/27.0.0/rpc/wallet/sendmany/ ,
    // .../wallet/listtransactions/ and .../wallet/gettransaction/ ; error codes from src/rpc/protocol.h),
    // and wallet routing follows GetWalletForJSONRPCRequest (src/wallet/rpc/util.cpp).

    /** Wallets loaded; all of them share the one transaction list below (tests use one wallet at a time). */
    volatile List<String> loadedWallets = List.of("quarry");
    /** Spendable balance; a sendmany above it (plus the fee) fails with -6 "Insufficient funds". */
    volatile long walletBalanceSat = 50L * 100_000_000L;
    /** An encrypted wallet without walletpassphrase: sendmany fails with -13. */
    volatile boolean walletLocked;
    /** sendmany commits its transaction, then the connection drops without an answer (the sender cannot know). */
    volatile boolean dropAfterSendmany;
    /** sendmany commits its transaction, then answers this error object anyway (as old Core did on a failed broadcast). */
    volatile JsonNode errorAfterSendmany;
    /** Fee every sendmany pays, in satoshis. */
    volatile long feeSat = 1_410;
    /** The wallet's transactions, oldest first. */
    final List<WalletTx> walletTxs = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLong txCounter = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong sendmanyCalls = new java.util.concurrent.atomic.AtomicLong();

    public FakeBitcoind(String name, String userPass, JsonNode chainInfo, JsonNode template) {
        this(name, userPass, chainInfo, template, 0);
    }

    FakeBitcoind(String name, String userPass, JsonNode chainInfo, JsonNode template, int port) {
        this.name = name;
        this.expectedUserPass = userPass;
        this.chainInfo = chainInfo;
        this.template = template;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers the oldest held long-poll (or the next one to arrive) with this template. */
    void releaseLongPoll(JsonNode newTemplate) {
        longPollAnswers.add(newTemplate);
    }

    /** Waits for the next call of a method, skipping others. */
    Call awaitCall(String method, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Call c = calls.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (c == null) throw new AssertionError(name + ": no " + method + " call within " + timeout);
            if (c.method().equals(method)) return c;
        }
    }

    List<Call> drainCalls() {
        List<Call> out = new ArrayList<>();
        calls.drainTo(out);
        return out;
    }

    /** Stops like a killed bitcoind: listening socket and every open connection closed at once. */
    public void stop() {
        closed = true;
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        JsonNode request;
        try (InputStream in = ex.getRequestBody()) {
            request = MAPPER.readTree(in);
        }
        if (fault == Fault.DROP_CONNECTION) {
            // Throwing out of the handler (exchange left open) makes the JDK server close the
            // connection without sending anything: the client sees the socket closed mid-request.
            throw new IOException("fake " + name + " drops the connection");
        }
        try (ex) {
            Fault f = fault;
            if (f == Fault.HANG) {
                hold(() -> fault != Fault.HANG);
                return;
            }
            if (f == Fault.HTTP_503_TEXT) {
                send(ex, 503, "text/plain", "Work queue depth exceeded");
                return;
            }
            if (f == Fault.UNAUTHORIZED || !authorized(ex)) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            String method = request.path("method").asText();
            JsonNode params = request.path("params");
            JsonNode id = request.get("id");
            String path = ex.getRequestURI().getPath();
            calls.add(new Call(method, params, path));
            JsonNode error = rpcErrors.get(method);
            if (error != null) {
                reply(ex, 500, NullNode.getInstance(), error, id);
                return;
            }
            switch (method) {
                case "getblockchaininfo":
                    reply(ex, 200, chainInfo, null, id);
                    break;
                case "getblocktemplate": {
                    if (!hasRule(params, "segwit") || ("signet".equals(chainInfo.path("chain").asText()) && !hasRule(params, "signet"))) {
                        // Bitcoin Core's answers when a rule the chain needs is missing
                        ObjectNode e = MAPPER.createObjectNode().put("code", -8).put("message",
                                "getblocktemplate must be called with the " + (hasRule(params, "segwit") ? "signet" : "segwit")
                                        + " rule set");
                        reply(ex, 500, NullNode.getInstance(), e, id);
                        return;
                    }
                    JsonNode lpid = params.path(0).get("longpollid");
                    if (lpid != null) {
                        longPolls.add(lpid.asText());
                        JsonNode answer = awaitLongPollAnswer();
                        if (answer == null) return; // closed while holding: the connection just ends
                        reply(ex, 200, answer, null, id);
                    } else {
                        reply(ex, 200, template, null, id);
                    }
                    break;
                }
                case "submitblock":
                    reply(ex, 200, submitResult, null, id);
                    break;
                case "getblockheader":
                    if (blockHeader == null) {
                        ObjectNode e = MAPPER.createObjectNode().put("code", -5).put("message", "Block not found");
                        reply(ex, 500, NullNode.getInstance(), e, id);
                    } else {
                        reply(ex, 200, blockHeader, null, id);
                    }
                    break;
                case "sendmany":
                case "listtransactions":
                case "gettransaction":
                    wallet(ex, method, params, path, id);
                    break;
                default: {
                    ObjectNode e = MAPPER.createObjectNode().put("code", -32601).put("message", "Method not found");
                    reply(ex, 404, NullNode.getInstance(), e, id);
                }
            }
        }
    }

    /** Wallet RPCs; an {@link RpcError} becomes Core's HTTP 500 with the error object. */
    private void wallet(HttpExchange ex, String method, JsonNode params, String path, JsonNode id) throws IOException {
        try {
            walletFor(path);
            switch (method) {
                case "sendmany" -> sendmany(ex, params, id);
                case "listtransactions" -> reply(ex, 200, listtransactions(params), null, id);
                default -> reply(ex, 200, gettransaction(params), null, id);
            }
        } catch (RpcError e) {
            reply(ex, 500, NullNode.getInstance(), MAPPER.createObjectNode().put("code", e.code).put("message", e.getMessage()), id);
        }
    }

    private static final class RpcError extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        RpcError(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** Core's GetWalletForJSONRPCRequest: /wallet/<name> must be loaded; "/" needs exactly one loaded wallet. */
    private String walletFor(String path) throws RpcError {
        List<String> loaded = loadedWallets;
        if (path.startsWith("/wallet/")) {
            String name = path.substring("/wallet/".length());
            if (!loaded.contains(name)) throw new RpcError(-18, "Requested wallet does not exist or is not loaded");
            return name;
        }
        if (loaded.size() == 1) return loaded.get(0);
        if (loaded.isEmpty()) {
            throw new RpcError(-18, "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet."
                    + " (Note: A default wallet is no longer automatically created)");
        }
        throw new RpcError(-19, "Wallet file not specified (must request wallet RPC through /wallet/<filename> uri-path).");
    }

    /**
     * sendmany "" {"address":amount,...} ( minconf "comment" ["address",...] replaceable conf_target "estimate_mode" fee_rate verbose )
     * → "hex" (the txid), or {"txid": "hex", "fee_reason": "str"} with verbose=true.
     */
    private void sendmany(HttpExchange ex, JsonNode params, JsonNode id) throws IOException, RpcError {
        sendmanyCalls.incrementAndGet();
        if (!params.path(0).isTextual() || !params.path(0).asText().isEmpty()) throw new RpcError(-8, "Dummy value must be set to \"\"");
        JsonNode amounts = params.path(1);
        if (!amounts.isObject() || amounts.isEmpty()) throw new RpcError(-8, "Invalid parameter, amounts must be a non-empty object");
        java.util.LinkedHashMap<String, Long> outputs = new java.util.LinkedHashMap<>();
        long total = 0;
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = amounts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkAddress(e.getKey());
            long sat = amountFromValue(e.getValue());
            if (sat <= 0) throw new RpcError(-3, "Invalid amount for send");
            outputs.put(e.getKey(), sat);
            total += sat;
        }
        String comment = params.path(3).isTextual() ? params.path(3).asText() : "";
        if (walletLocked) throw new RpcError(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        if (total + feeSat > walletBalanceSat) throw new RpcError(-6, "Insufficient funds");
        WalletTx tx = new WalletTx(txid("send" + txCounter.incrementAndGet() + comment), outputs, comment, feeSat,
                System.currentTimeMillis() / 1000, null, false);
        walletBalanceSat -= total + feeSat;
        walletTxs.add(tx);
        if (dropAfterSendmany) throw new IOException("fake " + name + " drops the connection after committing " + tx.txid());
        JsonNode after = errorAfterSendmany;
        if (after != null) {
            reply(ex, 500, NullNode.getInstance(), after, id);
            return;
        }
        boolean verbose = params.path(9).asBoolean(false);
        reply(ex, 200, verbose ? MAPPER.createObjectNode().put("txid", tx.txid()).put("fee_reason", "Fallback fee")
                : MAPPER.getNodeFactory().textNode(tx.txid()), null, id);
    }

    /** Core's AmountFromValue: a number or a string with at most 8 decimals, in BTC. */
    private static long amountFromValue(JsonNode v) throws RpcError {
        if (!v.isNumber() && !v.isTextual()) throw new RpcError(-3, "Amount is not a number or string");
        java.math.BigDecimal btc;
        try {
            btc = new java.math.BigDecimal(v.isTextual() ? v.asText() : v.asText());
        } catch (NumberFormatException e) {
            throw new RpcError(-3, "Invalid amount");
        }
        if (btc.stripTrailingZeros().scale() > 8 || btc.compareTo(java.math.BigDecimal.valueOf(21_000_000)) > 0) throw new RpcError(-3, "Invalid amount");
        if (btc.signum() < 0) throw new RpcError(-3, "Amount out of range");
        return btc.movePointRight(8).longValueExact();
    }

    /** An address of the chain this node reports in getblockchaininfo, else -5 as Core answers. */
    private void checkAddress(String address) throws RpcError {
        try {
            dev.quarry.pow.address.BitcoinAddress.parse(address, dev.quarry.pow.address.Network.fromName(chainInfo.path("chain").asText()));
        } catch (RuntimeException e) {
            throw new RpcError(-5, "Invalid Bitcoin address: " + address);
        }
    }

    /**
     * listtransactions ( "label" count skip include_watchonly ): up to count entries, the most recent
     * after skipping skip, returned oldest to newest; one entry per output ("send": negative amount and
     * fee). Built like Core: walk transactions newest first, collect until count+skip entries.
     */
    private JsonNode listtransactions(JsonNode params) throws RpcError {
        int count = params.path(1).isMissingNode() || params.path(1).isNull() ? 10 : params.path(1).asInt();
        int skip = params.path(2).isMissingNode() || params.path(2).isNull() ? 0 : params.path(2).asInt();
        if (count < 0) throw new RpcError(-8, "Negative count");
        if (skip < 0) throw new RpcError(-8, "Negative from");
        List<WalletTx> txs;
        synchronized (walletTxs) {
            txs = new ArrayList<>(walletTxs);
        }
        List<JsonNode> newestFirst = new ArrayList<>();
        for (int i = txs.size() - 1; i >= 0 && newestFirst.size() < count + skip; i--) newestFirst.addAll(entries(txs.get(i)));
        int from = Math.min(skip, newestFirst.size());
        int n = Math.min(count, newestFirst.size() - from);
        var out = MAPPER.createArrayNode();
        for (int i = from + n - 1; i >= from; i--) out.add(newestFirst.get(i)); // oldest to newest
        return out;
    }

    private List<JsonNode> entries(WalletTx tx) {
        List<JsonNode> out = new ArrayList<>();
        int vout = 0;
        for (Map.Entry<String, Long> o : tx.outputsSat().entrySet()) {
            ObjectNode e = MAPPER.createObjectNode();
            e.put("address", o.getKey());
            e.put("category", tx.receive() ? "receive" : "send");
            e.put("amount", btc(tx.receive() ? o.getValue() : -o.getValue()));
            if (tx.receive()) e.put("label", "");
            e.put("vout", vout++);
            if (!tx.receive()) {
                e.put("fee", btc(-tx.feeSat()));
                e.put("abandoned", false);
            }
            common(e, tx);
            out.add(e);
        }
        return out;
    }

    /** The fields listtransactions entries and gettransaction share. */
    private void common(ObjectNode e, WalletTx tx) {
        e.put("confirmations", 0);
        e.put("trusted", true);
        e.put("txid", tx.txid());
        e.put("wtxid", tx.txid());
        e.putArray("walletconflicts");
        if (tx.replacedBy() != null) e.put("replaced_by_txid", tx.replacedBy());
        e.put("time", tx.timeSeconds());
        e.put("timereceived", tx.timeSeconds());
        if (!tx.comment().isEmpty()) e.put("comment", tx.comment()); // "only present if not empty"
        e.put("bip125-replaceable", "yes");
    }

    /** gettransaction "txid" ( include_watchonly verbose ). */
    private JsonNode gettransaction(JsonNode params) throws RpcError {
        String txid = params.path(0).asText("");
        WalletTx tx;
        synchronized (walletTxs) {
            tx = walletTxs.stream().filter(t -> t.txid().equals(txid)).findFirst().orElse(null);
        }
        if (tx == null) throw new RpcError(-5, "Invalid or non-wallet transaction id");
        long total = tx.outputsSat().values().stream().mapToLong(Long::longValue).sum();
        ObjectNode r = MAPPER.createObjectNode();
        r.put("amount", btc(tx.receive() ? total : -total));
        if (!tx.receive()) r.put("fee", btc(-tx.feeSat()));
        common(r, tx);
        var details = r.putArray("details");
        entries(tx).forEach(e -> {
            ObjectNode d = MAPPER.createObjectNode();
            for (String f : List.of("address", "category", "amount", "label", "vout", "fee", "abandoned")) {
                if (e.has(f)) d.set(f, e.get(f));
            }
            details.add(d);
        });
        r.put("hex", "02000000000000000000"); // not a real transaction; Quarry never reads it
        return r;
    }

    /** Fills the history with {@code n} unrelated transactions (receives, and sends with other comments). */
    void addUnrelatedTransactions(int n, String address) {
        for (int i = 0; i < n; i++) {
            boolean receive = i % 3 != 0;
            walletTxs.add(new WalletTx(txid("other" + txCounter.incrementAndGet()), Map.of(address, 1_000L + i),
                    receive ? "" : "rent " + i, receive ? 0 : feeSat, System.currentTimeMillis() / 1000, null, receive));
        }
    }

    /** Replaces {@code txid} by a fee bump carrying the same comment (as bumpfee copies it); returns the new txid. */
    String bumpFee(String txid) {
        synchronized (walletTxs) {
            for (int i = 0; i < walletTxs.size(); i++) {
                WalletTx t = walletTxs.get(i);
                if (!t.txid().equals(txid)) continue;
                WalletTx bumped = new WalletTx(txid("bump" + txid), t.outputsSat(), t.comment(), t.feeSat() * 2, t.timeSeconds() + 1, null, false);
                walletTxs.set(i, new WalletTx(t.txid(), t.outputsSat(), t.comment(), t.feeSat(), t.timeSeconds(), bumped.txid(), false));
                walletTxs.add(bumped);
                return bumped.txid();
            }
        }
        throw new IllegalArgumentException("no wallet transaction " + txid);
    }

    /** sendmany requests the wallet handled, whatever their outcome. */
    long sendmanyCalls() {
        return sendmanyCalls.get();
    }

    private static java.math.BigDecimal btc(long sat) {
        return java.math.BigDecimal.valueOf(sat, 8);
    }

    private static String txid(String seed) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasRule(JsonNode params, String rule) {
        for (JsonNode r : params.path(0).path("rules")) {
            if (r.asText().equals(rule)) return true;
        }
        return false;
    }

    private boolean authorized(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString(expectedUserPass.getBytes(StandardCharsets.UTF_8));
        return expected.equals(header);
    }

    private JsonNode awaitLongPollAnswer() {
        long deadline = System.currentTimeMillis() + MAX_HOLD_MS;
        try {
            while (!closed && System.currentTimeMillis() < deadline) {
                JsonNode t = longPollAnswers.poll(20, TimeUnit.MILLISECONDS);
                if (t != null) return t;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void hold(java.util.function.BooleanSupplier until) {
        long deadline = System.currentTimeMillis() + MAX_HOLD_MS;
        try {
            while (!closed && !until.getAsBoolean() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10); // inside the fake only: emulates a node that does not answer
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange ex, int status, JsonNode result, JsonNode error, JsonNode id) throws IOException {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("result", result == null ? NullNode.getInstance() : result);
        body.set("error", error == null ? NullNode.getInstance() : error);
        body.set("id", id == null ? NullNode.getInstance() : id);
        send(ex, status, "application/json", MAPPER.writeValueAsString(body) + "\n");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
