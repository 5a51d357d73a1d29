package dev.quarry.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One simulated miner's Stratum state machine for one connection, following a
 * {@link FirmwareProfile}. Pure logic: lines in, lines and events out through
 * {@link SessionEvents}; the Netty handler owns the socket and timers. Not thread-safe: one
 * connection's event loop drives it.
 */
public final class MinerSession {

    enum State { NEW, CONFIGURING, SUBSCRIBING, EXTRANONCE_SUBSCRIBING, AUTHORIZING, READY, FAILED }

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A broadcast notify is the same line for every miner on an event loop: parse it once per
     * thread and share the tree (and so its strings) across sessions. Saves CPU and, with 100k
     * miners, hundreds of MB of duplicate coinbase and branch strings.
     */
    private static final ThreadLocal<Object[]> LAST_BIG_LINE = ThreadLocal.withInitial(() -> new Object[2]);
    private static final int SHARE_PARSE_ABOVE = 256;
    private static final int REQUESTED_MASK = 0xffffffff;

    private final FirmwareProfile profile;
    private final String username;
    private final String password;
    private final RandomGenerator random;
    private final SessionEvents events;
    private final String resumeSessionId;
    private final PendingRequests pending = new PendingRequests();
    private final ArrayDeque<String> recentJobIds = new ArrayDeque<>(4);

    private State state = State.NEW;
    private int nextId = 1;
    private boolean rolling;
    private int mask;
    private String extranonce1;
    private Extranonce2Counter extranonce2;
    private String pendingExtranonce1;
    private int pendingExtranonce2Size;
    private double difficulty = 1.0; // a miner that never gets set_difficulty assumes 1
    private MinerJob job;
    private String notifySubscriptionId;
    private boolean sawFirstJob;

    public MinerSession(FirmwareProfile profile, String username, String password, RandomGenerator random,
                        SessionEvents events, String resumeSessionId) {
        this.profile = profile;
        this.username = username;
        this.password = password;
        this.random = random;
        this.events = events;
        this.resumeSessionId = resumeSessionId;
    }

    /** Sends the opening lines: all three for pipelining firmware, else configure only. */
    public void start(long nowNanos) {
        if (state != State.NEW) throw new IllegalStateException("session already started");
        state = State.CONFIGURING;
        request(profile.configureLine(nextId), PendingRequests.Kind.CONFIGURE, nowNanos);
        if (profile.pipelinesHandshake()) {
            request(profile.subscribeLine(nextId, resumeSessionId), PendingRequests.Kind.SUBSCRIBE, nowNanos);
            request(profile.authorizeLine(nextId, username, password), PendingRequests.Kind.AUTHORIZE, nowNanos);
        }
    }

    /** Handles one line from the server. */
    public void onLine(String line, long nowNanos) {
        if (state == State.FAILED) return;
        JsonNode msg;
        try {
            msg = parse(line);
        } catch (JsonProcessingException e) {
            events.protocolError("unparseable line");
            return;
        }
        if (msg == null || !msg.isObject()) {
            events.protocolError("line is not a JSON object");
            return;
        }
        JsonNode method = msg.get("method");
        if (method != null && method.isTextual()) {
            onServerMessage(method.asText(), msg.path("params"), msg.get("id"));
        } else if (msg.has("id") && !msg.get("id").isNull()) {
            onResponse(msg, nowNanos);
        } else {
            events.protocolError("line is neither a request nor a response");
        }
    }

    private static JsonNode parse(String line) throws JsonProcessingException {
        if (line.length() < SHARE_PARSE_ABOVE) return JSON.readTree(line);
        Object[] last = LAST_BIG_LINE.get();
        if (line.equals(last[0])) return (JsonNode) last[1];
        JsonNode node = JSON.readTree(line); // read-only from here on
        last[0] = line;
        last[1] = node;
        return node;
    }

    // ------------------------------------------------------------------ responses

    private void onResponse(JsonNode msg, long nowNanos) {
        JsonNode idNode = msg.get("id");
        if (!idNode.canConvertToLong()) {
            events.protocolError("response id is not one we sent");
            return;
        }
        PendingRequests.Kind kind = pending.remove(idNode.asLong());
        if (kind == null) {
            events.protocolError("response to an unknown id " + idNode);
            return;
        }
        switch (kind) {
            case CONFIGURE -> onConfigureResult(msg, nowNanos);
            case SUBSCRIBE -> onSubscribeResult(msg, nowNanos);
            case EXTRANONCE_SUBSCRIBE -> onExtranonceSubscribeResult(msg, nowNanos);
            case AUTHORIZE -> onAuthorizeResult(msg, nowNanos);
            case SUBMIT -> onSubmitResult(msg, idNode.asLong(), nowNanos - pending.lastSentNanos());
            case OTHER -> { }
        }
    }

    private void onConfigureResult(JsonNode msg, long nowNanos) {
        JsonNode result = msg.path("result");
        boolean granted = result.isObject() && result.path("version-rolling").asBoolean(false);
        int serverMask = 0;
        if (granted) {
            try {
                serverMask = parseHex32(result.path("version-rolling.mask").asText(""));
            } catch (IllegalArgumentException e) {
                granted = false;
            }
        }
        rolling = granted && (serverMask & REQUESTED_MASK) != 0;
        mask = rolling ? serverMask & REQUESTED_MASK : 0;
        if (!rolling && profile.requiresVersionRolling()) {
            fail("configure did not grant version rolling with a non-zero mask");
            return;
        }
        if (!profile.pipelinesHandshake()) {
            state = State.SUBSCRIBING;
            request(profile.subscribeLine(nextId, resumeSessionId), PendingRequests.Kind.SUBSCRIBE, nowNanos);
        }
    }

    private void onSubscribeResult(JsonNode msg, long nowNanos) {
        JsonNode r = msg.path("result");
        if (!r.isArray() || r.size() < 3 || !r.get(1).isTextual() || !r.get(2).canConvertToInt()) {
            fail("malformed mining.subscribe result");
            return;
        }
        String en1 = r.get(1).asText();
        int en2Size = r.get(2).asInt();
        int maxEn2 = profile == FirmwareProfile.ESP_MINER ? 32 : 16;
        int minEn2 = profile == FirmwareProfile.ESP_MINER ? 1 : 2;
        if (!isHexBytes(en1) || en2Size < minEn2 || en2Size > maxEn2) {
            fail("unusable extranonce in mining.subscribe result");
            return;
        }
        extranonce1 = en1.toLowerCase(java.util.Locale.ROOT);
        extranonce2 = new Extranonce2Counter(en2Size);
        notifySubscriptionId = findNotifySubscription(r.get(0));
        if (profile.pipelinesHandshake()) {
            state = State.AUTHORIZING;
        } else if (profile.sendsExtranonceSubscribe()) {
            state = State.EXTRANONCE_SUBSCRIBING;
            request(profile.extranonceSubscribeLine(nextId), PendingRequests.Kind.EXTRANONCE_SUBSCRIBE, nowNanos);
        } else {
            state = State.AUTHORIZING;
            request(profile.authorizeLine(nextId, username, password), PendingRequests.Kind.AUTHORIZE, nowNanos);
        }
    }

    private void onExtranonceSubscribeResult(JsonNode msg, long nowNanos) {
        if (state != State.EXTRANONCE_SUBSCRIBING) return; // ESP-Miner's, sent after authorize: nothing depends on it
        // bmminer accepts true, or the two "not supported" errors; false or any other error ends setup.
        boolean ok = msg.path("result").asBoolean(false);
        if (!ok) {
            String err = errorText(msg.get("error"));
            ok = "Method 'subscribe' not found for service 'mining.extranonce'".equals(err)
                    || "Unrecognized request provided".equals(err);
        }
        if (!ok) {
            fail("mining.extranonce.subscribe refused");
            return;
        }
        state = State.AUTHORIZING;
        request(profile.authorizeLine(nextId, username, password), PendingRequests.Kind.AUTHORIZE, nowNanos);
    }

    private void onAuthorizeResult(JsonNode msg, long nowNanos) {
        if (!msg.path("result").asBoolean(false)) {
            fail("mining.authorize refused: " + errorText(msg.get("error")));
            return;
        }
        state = State.READY;
        if (profile == FirmwareProfile.ESP_MINER && profile.sendsExtranonceSubscribe()) {
            request(profile.extranonceSubscribeLine(nextId), PendingRequests.Kind.EXTRANONCE_SUBSCRIBE, nowNanos);
        }
        events.authorized();
    }

    private void onSubmitResult(JsonNode msg, long requestId, long latencyNanos) {
        if (msg.path("result").asBoolean(false)) {
            events.verdict(true, null, latencyNanos);
            events.submitAnswered(requestId, true, null);
            return;
        }
        JsonNode rr = msg.get("reject-reason");
        String reason = rr != null && rr.isTextual() ? rr.asText() : errorText(msg.get("error"));
        events.verdict(false, reason == null ? "rejected" : reason, latencyNanos);
        events.submitAnswered(requestId, false, reason == null ? "rejected" : reason);
    }

    // ------------------------------------------------------------------ server messages

    private void onServerMessage(String method, JsonNode params, JsonNode id) {
        switch (method) {
            case "mining.set_difficulty" -> {
                JsonNode d = params.path(0);
                if (!d.isNumber() || !(d.asDouble() > 0) || Double.isInfinite(d.asDouble())) {
                    events.protocolError("mining.set_difficulty without a positive number");
                    return;
                }
                difficulty = d.asDouble(); // applies to the next job
            }
            case "mining.notify" -> onNotify(params);
            case "mining.set_extranonce" -> {
                JsonNode en1 = params.path(0);
                JsonNode size = params.path(1);
                if (!en1.isTextual() || !isHexBytes(en1.asText()) || !size.canConvertToInt() || size.asInt() < 1 || size.asInt() > 32) {
                    events.protocolError("mining.set_extranonce with bad params");
                    return;
                }
                pendingExtranonce1 = en1.asText().toLowerCase(java.util.Locale.ROOT);
                pendingExtranonce2Size = size.asInt();
            }
            case "mining.set_version_mask" -> {
                JsonNode m = params.path(0);
                if (!m.isTextual()) {
                    events.protocolError("mining.set_version_mask without a mask");
                    return;
                }
                try {
                    int newMask = parseHex32(m.asText()) & REQUESTED_MASK;
                    if (rolling) mask = newMask; // valid immediately, not from the next job
                } catch (IllegalArgumentException e) {
                    events.protocolError("mining.set_version_mask with bad hex");
                }
            }
            case "client.reconnect" -> {
                String host = null;
                Integer port = null;
                int wait = 0;
                if (profile.followsReconnectTarget()) {
                    JsonNode h = params.path(0);
                    if (h.isTextual() && !h.asText().isEmpty()) host = h.asText();
                    JsonNode p = params.path(1);
                    if (p.canConvertToInt()) port = p.asInt();
                    else if (p.isTextual()) {
                        try {
                            port = Integer.parseInt(p.asText());
                        } catch (NumberFormatException ignored) {
                            // cgminer leaves the port unchanged when it cannot read it
                        }
                    }
                }
                JsonNode w = params.path(2);
                if (w.canConvertToInt()) wait = Math.max(0, Math.min(w.asInt(), 3600));
                events.reconnectRequested(host, port, wait);
            }
            case "mining.ping" -> events.send(profile.pingReply(id == null ? "null" : id.toString()));
            case "client.get_version" -> events.send(profile.versionReply(id == null ? "null" : id.toString()));
            case "client.show_message" -> { }
            default -> events.protocolError("unknown server method " + method);
        }
    }

    private void onNotify(JsonNode p) {
        if (!p.isArray() || p.size() < 9) {
            events.protocolError("mining.notify with fewer than 9 params");
            return;
        }
        MinerJob parsed;
        try {
            List<String> branch = new ArrayList<>(p.get(4).size());
            for (JsonNode b : p.get(4)) branch.add(b.asText());
            JsonNode cleanNode = profile.readsCleanFlagFromLastParam() ? p.get(p.size() - 1) : p.get(8);
            String en1 = pendingExtranonce1 != null ? pendingExtranonce1 : extranonce1;
            int en2Size = pendingExtranonce1 != null ? pendingExtranonce2Size : (extranonce2 == null ? 0 : extranonce2.size());
            parsed = new MinerJob(p.get(0).asText(), p.get(1).asText(), p.get(2).asText(), p.get(3).asText(), List.copyOf(branch),
                    parseHex32(p.get(5).asText()), parseHex32(p.get(6).asText()), parseHex32(p.get(7).asText()),
                    cleanNode.asBoolean(false), difficulty, en1, en2Size);
        } catch (IllegalArgumentException e) {
            events.protocolError("mining.notify with bad fields");
            return;
        }
        if (extranonce1 == null && parsed.extranonce1() == null) {
            events.protocolError("mining.notify before mining.subscribe result");
            return;
        }
        if (profile.deduplicatesJobIds() && recentJobIds.contains(parsed.jobId())) return;
        if (recentJobIds.size() == 4) recentJobIds.removeFirst();
        recentJobIds.addLast(parsed.jobId());

        if (pendingExtranonce1 != null) {
            extranonce1 = pendingExtranonce1;
            extranonce2.resize(pendingExtranonce2Size); // restarts the counter
            pendingExtranonce1 = null;
        } else if (profile.resetsExtranonce2PerJob()) {
            extranonce2.reset();
        }
        job = parsed;
        boolean first = !sawFirstJob;
        sawFirstJob = true;
        events.jobReceived(parsed, first);
    }

    // ------------------------------------------------------------------ submitting

    public boolean canSubmit() {
        return state == State.READY && job != null;
    }

    /**
     * Synthetic share: the current job, the next extranonce2, a random nonce and random rolled
     * bits inside the mask; no hashing, so the server's verdict is mostly "low difficulty" unless
     * the port difficulty is tiny.
     */
    public boolean submitSynthetic(long nowNanos) {
        if (!canSubmit()) return false;
        WorkUnit w = nextWorkUnit();
        submit(w, job.ntime(), random.nextInt(), nowNanos);
        return true;
    }

    /** A fresh unit of work for the real hasher: next extranonce2 and a random rolled version. */
    public WorkUnit nextWorkUnit() {
        if (!canSubmit()) throw new IllegalStateException("no job to work on");
        int rolled = rolling ? (job.version() & ~mask) | (random.nextInt() & mask) : job.version();
        return new WorkUnit(job, extranonce2.nextHex(), rolled, rolling, mask);
    }

    /**
     * Sends a share found (or made up) on {@code work}; returns the JSON-RPC id of the request,
     * which {@link SessionEvents#submitAnswered} names again when the verdict arrives.
     */
    public long submit(WorkUnit work, int ntime, int nonce, long nowNanos) {
        MinerJob j = work.job();
        long id = nextId;
        String line = profile.submitLine(nextId, username, j.jobId(), work.extranonce2(), ntime, nonce,
                j.version(), work.rolledVersion(), work.rolling(), work.mask());
        request(line, PendingRequests.Kind.SUBMIT, nowNanos);
        return id;
    }

    public MinerJob currentJob() {
        return job;
    }

    public boolean versionRolling() {
        return rolling;
    }

    public int versionMask() {
        return mask;
    }

    public String extranonce1() {
        return extranonce1;
    }

    /** The notify subscription id, which cgminer-family firmware sends back to resume after a reconnect. */
    public String notifySubscriptionId() {
        return notifySubscriptionId;
    }

    public int outstandingRequests() {
        return pending.size();
    }

    State state() {
        return state;
    }

    // ------------------------------------------------------------------ helpers

    private void request(String line, PendingRequests.Kind kind, long nowNanos) {
        pending.add(nextId, kind, nowNanos);
        nextId++;
        events.send(line);
    }

    private void fail(String why) {
        state = State.FAILED;
        events.handshakeFailed(why);
    }

    private static String findNotifySubscription(JsonNode subs) {
        if (subs == null || !subs.isArray()) return null;
        if (subs.size() == 2 && subs.get(0).isTextual() && "mining.notify".equals(subs.get(0).asText())) {
            return subs.get(1).asText(null);
        }
        for (JsonNode s : subs) {
            if (s.isArray() && s.size() >= 2 && "mining.notify".equals(s.get(0).asText())) return s.get(1).asText(null);
        }
        return null;
    }

    /** Error text the way cgminer shows it: array → element 1, string as is, object → "message". */
    static String errorText(JsonNode error) {
        if (error == null || error.isNull()) return null;
        if (error.isArray()) return error.size() > 1 ? error.get(1).asText() : error.toString();
        if (error.isTextual()) return error.asText();
        if (error.isObject() && error.has("message")) return error.get("message").asText();
        return error.toString();
    }

    static int parseHex32(String s) {
        if (s == null || s.isEmpty() || s.length() > 8 || !isHex(s)) throw new IllegalArgumentException("not a 32-bit hex value: " + s);
        return (int) Long.parseLong(s, 16);
    }

    static boolean isHex(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) return false;
        }
        return true;
    }

    static boolean isHexBytes(String s) {
        return isHex(s) && (s.length() & 1) == 0;
    }
}
