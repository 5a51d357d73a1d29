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

    record Call(String method, JsonNode params) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
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
            calls.add(new Call(method, params));
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
                default: {
                    ObjectNode e = MAPPER.createObjectNode().put("code", -32601).put("message", "Method not found");
                    reply(ex, 404, NullNode.getInstance(), e, id);
                }
            }
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
        send(ex, status, "application/json", body.toString() + "\n");
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
