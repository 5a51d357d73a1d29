package dev.quarry.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import dev.quarry.pow.target.Difficulty;
import dev.quarry.pow.target.Target256;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny loopback Stratum server for tests, a thread per connection (tests open a handful).
 * Either the test scripts each connection by hand ({@link #accept}), or {@link #autoRespond}
 * answers the handshake, sends set_difficulty + the public-pool job, and validates every submit
 * with pow-core exactly as a pool must (so real-mode shares are checked independently of the
 * simulator's own hashing).
 */
final class ScriptedPool implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int SERVER_MASK = 0x1fffe000;

    private final ServerSocket server;
    private final BlockingQueue<Conn> accepted = new LinkedBlockingQueue<>();
    private final List<Conn> all = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile Auto auto;
    final AtomicInteger connections = new AtomicInteger();

    ScriptedPool() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-pool-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "stratum+tcp://127.0.0.1:" + port();
    }

    /** Every further connection is answered automatically. */
    Auto autoRespond(double difficulty) {
        auto = new Auto(difficulty);
        return auto;
    }

    Conn accept(Duration timeout) throws InterruptedException {
        Conn c = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) throw new AssertionError("no connection within " + timeout);
        return c;
    }

    List<Conn> connectionsSoFar() {
        return new ArrayList<>(all);
    }

    private void acceptLoop() {
        int n = 0;
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Conn c = new Conn(s, n++);
                all.add(c);
                connections.incrementAndGet();
                Auto a = auto;
                if (a != null) {
                    Thread t = new Thread(() -> a.serve(c), "scripted-pool-conn-" + c.index);
                    t.setDaemon(true);
                    t.start();
                } else {
                    c.startReader();
                    accepted.add(c);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Conn c : all) c.close();
    }

    /** One accepted socket, scripted line by line by the test. */
    static final class Conn {
        final Socket socket;
        final int index;
        final BufferedReader in;
        final OutputStream out;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> received = new CopyOnWriteArrayList<>();

        Conn(Socket socket, int index) throws IOException {
            this.socket = socket;
            this.index = index;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        void startReader() {
            Thread t = new Thread(() -> {
                try {
                    String l;
                    while ((l = in.readLine()) != null) {
                        received.add(l);
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // socket closed
                }
            }, "scripted-pool-reader-" + index);
            t.setDaemon(true);
            t.start();
        }

        String next(Duration timeout) throws InterruptedException {
            String l = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) throw new AssertionError("no line from the client within " + timeout + "; got so far " + received);
            return l;
        }

        /** Null when nothing arrives within {@code window}. */
        String poll(Duration window) throws InterruptedException {
            return lines.poll(window.toMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        boolean closedByPeer(Duration timeout) {
            try {
                socket.setSoTimeout((int) timeout.toMillis());
                while (true) {
                    String l = in.readLine();
                    if (l == null) return true;
                    received.add(l);
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** The public-pool testnet job from stratum_shares.json, as a notify line. */
    static String notifyLine(JsonNode vector, String jobId, boolean clean) {
        JsonNode n = vector.get("notify");
        StringBuilder branch = new StringBuilder();
        for (JsonNode b : n.get("merkle_branch")) branch.append(branch.length() == 0 ? "" : ",").append('"').append(b.asText()).append('"');
        return "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"" + jobId + "\",\"" + n.get("prevhash").asText() + "\",\""
                + n.get("coinb1").asText() + "\",\"" + n.get("coinb2").asText() + "\",[" + branch + "],\""
                + n.get("version").asText() + "\",\"" + n.get("nbits").asText() + "\",\"" + n.get("ntime").asText() + "\"," + clean + "]}";
    }

    /** Automatic pool: answers everything, validates shares with pow-core, records what it saw. */
    final class Auto {
        final JsonNode vector = Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled");
        final double difficulty;
        final List<String> acceptedSubmits = new CopyOnWriteArrayList<>();
        final List<String> rejectedSubmits = new CopyOnWriteArrayList<>();
        final List<List<String>> handshakes = new CopyOnWriteArrayList<>();
        final AtomicInteger submits = new AtomicInteger();
        final ShareJob shareJob;
        final Target256 target;
        private final AtomicInteger nextEn1 = new AtomicInteger(0x10000000);
        final List<Conn> live = new CopyOnWriteArrayList<>();

        Auto(double difficulty) {
            this.difficulty = difficulty;
            JsonNode n = vector.get("notify");
            byte[][] branch = new byte[n.get("merkle_branch").size()][];
            for (int i = 0; i < branch.length; i++) branch[i] = Hex.decode(n.get("merkle_branch").get(i).asText());
            shareJob = new ShareJob(StratumCodec.prevHashFromStratum(n.get("prevhash").asText()), Hex.decode(n.get("coinb1").asText()),
                    Hex.decode(n.get("coinb2").asText()), branch, StratumCodec.parseUint32(n.get("version").asText()),
                    StratumCodec.parseUint32(n.get("nbits").asText()));
            target = Target256.of(Difficulty.shareTarget(difficulty));
        }

        /** Per connection: which extranonce1 each job id was sent with. */
        final java.util.Map<Conn, java.util.Map<String, String>> jobsByConn = new java.util.concurrent.ConcurrentHashMap<>();

        void serve(Conn c) {
            live.add(c);
            ShareValidator validator = new ShareValidator();
            ShareOutcome outcome = new ShareOutcome();
            String en1 = String.format("%08x", nextEn1.getAndIncrement());
            java.util.Map<String, String> jobs = new java.util.concurrent.ConcurrentHashMap<>();
            jobsByConn.put(c, jobs);
            List<String> handshake = Collections.synchronizedList(new ArrayList<>());
            handshakes.add(handshake);
            try {
                String line;
                while ((line = c.in.readLine()) != null) {
                    c.received.add(line);
                    JsonNode m = JSON.readTree(line);
                    String method = m.path("method").asText("");
                    String id = m.get("id") == null ? "null" : m.get("id").toString();
                    switch (method) {
                        case "mining.configure" -> {
                            handshake.add(line);
                            c.send("{\"id\":" + id + ",\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"},\"error\":null}");
                        }
                        case "mining.subscribe" -> {
                            handshake.add(line);
                            c.send("{\"id\":" + id + ",\"result\":[[[\"mining.set_difficulty\",\"" + en1 + "\"],[\"mining.notify\",\"" + en1 + "\"]],\""
                                    + en1 + "\",4],\"error\":null}");
                        }
                        case "mining.extranonce.subscribe" -> {
                            handshake.add(line);
                            c.send("{\"id\":" + id + ",\"result\":true,\"error\":null}");
                        }
                        case "mining.authorize" -> {
                            handshake.add(line);
                            c.send("{\"id\":" + id + ",\"result\":true,\"error\":null}");
                            c.send("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[" + difficulty + "]}");
                            jobs.put("1", en1);
                            c.send(notifyLine(vector, "1", true));
                        }
                        case "mining.submit" -> {
                            submits.incrementAndGet();
                            String verdict = check(m.get("params"), jobs, validator, outcome);
                            if (verdict == null) {
                                acceptedSubmits.add(line);
                                c.send("{\"id\":" + id + ",\"result\":true,\"error\":null}");
                            } else {
                                rejectedSubmits.add(line);
                                c.send("{\"id\":" + id + ",\"result\":false,\"error\":null,\"reject-reason\":\"" + verdict + "\"}");
                            }
                        }
                        default -> c.send("{\"id\":" + id + ",\"result\":null,\"error\":[20,\"Other/Unknown\",null]}");
                    }
                }
            } catch (IOException e) {
                // client went away
            } finally {
                live.remove(c);
            }
        }

        /** set_extranonce then a clean job {@code jobId} on every live connection; that job's shares must use {@code en1}. */
        void pushExtranonce(String en1, String jobId) throws IOException {
            for (Conn c : live) {
                java.util.Map<String, String> jobs = jobsByConn.get(c);
                jobs.clear(); // clean job: the old one is stale
                jobs.put(jobId, en1);
                c.send("{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"" + en1 + "\",4]}");
                c.send(notifyLine(vector, jobId, true));
            }
        }

        void pushToAll(String line) throws IOException {
            for (Conn c : live) c.send(line);
        }

        /** Null when the share is valid for the job at this pool's difficulty, else a ckpool-style reason. */
        String check(JsonNode p, java.util.Map<String, String> jobs, ShareValidator validator, ShareOutcome outcome) {
            if (p == null || !p.isArray() || p.size() < 5 || p.size() > 6) return "Bad params";
            String en1 = jobs.get(p.get(1).asText());
            if (en1 == null) return "Stale";
            int version = shareJob.version();
            if (p.size() == 6) {
                int vb = StratumCodec.parseUint32(p.get(5).asText());
                if ((vb & ~SERVER_MASK) != 0) return "Invalid version mask";
                version = StratumCodec.rollVersion(version, vb, SERVER_MASK);
            }
            validator.validate(shareJob, Hex.decode(en1), Hex.decode(p.get(2).asText()), StratumCodec.parseUint32(p.get(3).asText()),
                    StratumCodec.parseUint32(p.get(4).asText()), version, outcome);
            return outcome.meets(target) ? null : "Above target";
        }
    }
}
