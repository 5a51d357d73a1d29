package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/** JSON-RPC 1.0 over HTTP to one bitcoind node. Thin: the meaning of answers is in {@link RpcResponses}. */
final class JsonRpcClient {

    private final BitcoindConfig.NodeConfig node;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final AtomicLong ids = new AtomicLong();
    private volatile RpcObserver observer = RpcObserver.NONE;

    JsonRpcClient(BitcoindConfig.NodeConfig node, HttpClient http, ObjectMapper mapper) {
        this.node = node;
        this.http = http;
        this.mapper = mapper;
    }

    String name() {
        return node.name();
    }

    void setObserver(RpcObserver observer) {
        this.observer = observer == null ? RpcObserver.NONE : observer;
    }

    /** Blocking call. */
    JsonNode call(String method, ArrayNode params, Duration timeout) throws BitcoindException, InterruptedException {
        CompletableFuture<JsonNode> f = callAsync(method, params, timeout);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw unwrap(e.getCause(), method);
        }
    }

    /**
     * Asynchronous call; the future fails with a {@link BitcoindException}. Cancelling the future
     * aborts the HTTP exchange (used to drop a long-poll when the active node changes).
     */
    CompletableFuture<JsonNode> callAsync(String method, ArrayNode params, Duration timeout) {
        return callAsync(method, params, timeout, false);
    }

    /**
     * As {@link #callAsync(String, ArrayNode, Duration)}; {@code longPoll = true} reports only real
     * failures to the {@link RpcObserver}: no latency, and a timeout is just "nothing new yet".
     */
    CompletableFuture<JsonNode> callAsync(String method, ArrayNode params, Duration timeout, boolean longPoll) {
        long start = System.nanoTime();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(node.rpcUrl())
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Authorization", authorization())
                    .POST(HttpRequest.BodyPublishers.ofString(body(method, params), StandardCharsets.UTF_8))
                    .build();
        } catch (BitcoindException e) {
            observe(method, start, e, longPoll);
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        // Observed inside the stage, before the caller's future completes: whoever sees the answer
        // can already see it counted.
        CompletableFuture<JsonNode> result = exchange.handle((response, failure) -> {
            if (failure != null) {
                BitcoindException e = unwrap(failure, method);
                observe(method, start, e, longPoll);
                throw new CompletionException(e);
            }
            try {
                JsonNode answer = RpcResponses.interpret(mapper, node.name(), method, response.statusCode(), response.body());
                observe(method, start, null, longPoll);
                return answer;
            } catch (BitcoindException e) {
                observe(method, start, e, longPoll);
                throw new CompletionException(e);
            }
        });
        // Cancelling a dependent stage does not reach the HTTP exchange by itself; forward it so the
        // connection of an abandoned long-poll is closed at once.
        result.whenComplete((r, t) -> {
            if (result.isCancelled()) exchange.cancel(true);
        });
        return result;
    }

    private void observe(String method, long start, BitcoindException failure, boolean longPoll) {
        long nanos = System.nanoTime() - start;
        String kind = null;
        if (failure != null) {
            kind = RpcObserver.kindOf(failure);
            if (kind == null) return; // cancelled: not the node's doing
            if (longPoll && kind.equals(RpcObserver.TIMEOUT)) return;
        }
        try {
            if (!longPoll) observer.latency(node.name(), method, nanos);
            if (kind != null) observer.failed(node.name(), method, kind);
        } catch (RuntimeException e) {
            // metrics must never disturb the RPC path
        }
    }

    /** Maps what the HTTP client threw to a classified failure. */
    BitcoindException unwrap(Throwable t, String method) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof BitcoindException) return (BitcoindException) t;
        if (t instanceof HttpTimeoutException) {
            return new RpcTimeoutException(node.name() + ": " + method + " got no answer in time", t);
        }
        if (t instanceof CancellationException) {
            return new BitcoindException(node.name() + ": " + method + " cancelled", false, t);
        }
        String what = t instanceof IOException ? "connection failed" : "failed";
        return new BitcoindException(node.name() + ": " + method + " " + what + ": " + t, true, t);
    }

    private String body(String method, ArrayNode params) {
        ObjectNode req = mapper.createObjectNode();
        req.put("jsonrpc", "1.0");
        req.put("id", ids.incrementAndGet());
        req.put("method", method);
        req.set("params", params == null ? mapper.createArrayNode() : params);
        return req.toString();
    }

    /** The cookie is read on every call: bitcoind writes a new one each time it starts. */
    private String authorization() throws BitcoindException {
        String userPass;
        if (node.cookieFile() != null) {
            try {
                userPass = Files.readString(node.cookieFile(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new BitcoindException(node.name() + ": cannot read cookie file " + node.cookieFile() + ": " + e, true, e);
            }
            if (userPass.indexOf(':') < 0) {
                throw new BitcoindException(node.name() + ": cookie file " + node.cookieFile() + " is not user:password", true, null);
            }
        } else {
            userPass = node.user() + ":" + node.password();
        }
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }
}
