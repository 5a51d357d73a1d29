package dev.quarry.ops;

import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import dev.quarry.simulate.FirmwareProfile;
import dev.quarry.simulate.MinerJob;
import dev.quarry.simulate.MinerSession;
import dev.quarry.simulate.SessionEvents;
import dev.quarry.simulate.WorkUnit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Stratum connection for {@link CrashSafetyTest}: the simulator's {@link MinerSession} (cgminer
 * profile, version rolling) over a blocking socket on its own thread, submitting synthetic shares as
 * fast as the server answers (at most {@code window} unanswered), and recording the header hash of
 * every share answered {@code true} — computed here with pow-core exactly as the server computes the
 * journal's unique id. A share counts as acknowledged only once its {@code true} was read off the socket.
 *
 * <p>Optionally it first replays earlier shares (same job id, extranonce2, ntime, nonce, version) and
 * records the server's verdict on each, without counting them as new acknowledgements.
 *
 * <p>Bounded: the thread ends at its deadline, on end of stream or a connection reset (server
 * killed), after 10 s without any line, or when told to stop and every submit was answered.
 */
final class RecordingMiner implements SessionEvents {

    /** A submitted share with everything needed to replay it and its header hash (hex, internal order). */
    record Submitted(WorkUnit work, int ntime, int nonce, String hash, boolean replay) {
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final int SAMPLE = 50;

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;
    private final MinerSession session;
    private final SplittableRandom random;
    private final int window;
    private final Set<String> acknowledged;
    private final ArrayDeque<Submitted> toReplay;
    private final Map<Long, Submitted> unanswered = new HashMap<>();
    private final Map<String, ShareJob> shareJobs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ShareJob> eldest) {
            return size() > 64;
        }
    };
    private final ShareValidator validator = new ShareValidator();
    private final ShareOutcome outcome = new ShareOutcome();
    private final Thread thread;

    private volatile boolean fresh;
    private volatile String endedBy;
    private String handshakeFailure;
    final AtomicLong ackedHere = new AtomicLong();
    final AtomicLong submitted = new AtomicLong();
    /** The first acknowledged shares of this connection, to replay after a restart. */
    final List<Submitted> sample = Collections.synchronizedList(new ArrayList<>());
    /** Rejection reason → count (fresh shares). */
    final Map<String, Integer> rejected = new ConcurrentHashMap<>();
    /** Verdict on each replayed share: "accepted" or the reject reason. */
    final Map<String, String> replayVerdicts = new ConcurrentHashMap<>();

    private RecordingMiner(int port, String worker, long seed, int window, Set<String> acknowledged,
                           List<Submitted> replay, boolean fresh) throws IOException {
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000); // a silent server for 10 s ends this miner (never a hang)
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        this.random = new SplittableRandom(seed);
        this.session = new MinerSession(FirmwareProfile.CGMINER, worker, "x", random.split(), this, null);
        this.window = window;
        this.acknowledged = acknowledged;
        this.toReplay = new ArrayDeque<>(replay);
        this.fresh = fresh;
        this.thread = new Thread(this::loop, "recording-miner-" + worker);
        thread.setDaemon(true);
    }

    /** A miner submitting fresh shares until {@link #stopSubmitting()} (or the deadline). */
    static RecordingMiner mining(int port, String worker, long seed, int window, Set<String> acknowledged, long deadlineNanos)
            throws IOException {
        RecordingMiner m = new RecordingMiner(port, worker, seed, window, acknowledged, List.of(), true);
        m.start(deadlineNanos);
        return m;
    }

    /** A miner that only replays {@code shares} and ends once each was answered. */
    static RecordingMiner replaying(int port, String worker, long seed, List<Submitted> shares, long deadlineNanos)
            throws IOException {
        RecordingMiner m = new RecordingMiner(port, worker, seed, Math.max(1, shares.size()), ConcurrentHashMap.newKeySet(),
                shares, false);
        m.start(deadlineNanos);
        return m;
    }

    private long deadlineNanos;

    private void start(long deadline) {
        this.deadlineNanos = deadline;
        thread.start();
    }

    /** Stop sending new shares; the thread ends once every submit was answered. */
    void stopSubmitting() {
        fresh = false;
    }

    /** Waits for the thread to end; false if it is still running after {@code millis}. */
    boolean await(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Why the loop ended (null while running): "drained", "end of stream", "deadline", or the I/O error. */
    String endedBy() {
        return endedBy;
    }

    int unansweredCount() {
        synchronized (unanswered) {
            return unanswered.size();
        }
    }

    private void loop() {
        String why = "deadline";
        try {
            session.start(System.nanoTime());
            while (System.nanoTime() < deadlineNanos) {
                if (session.canSubmit()) {
                    while (!toReplay.isEmpty() && unansweredCount() < window) send(toReplay.poll());
                    while (fresh && unansweredCount() < window) submitFresh();
                }
                out.flush();
                if (handshakeFailure != null) {
                    why = "handshake failed: " + handshakeFailure;
                    break;
                }
                if (!fresh && toReplay.isEmpty() && unansweredCount() == 0 && session.canSubmit()) {
                    why = "drained";
                    break;
                }
                String line = in.readLine();
                if (line == null) {
                    why = "end of stream";
                    break;
                }
                if (!line.isEmpty()) session.onLine(line, System.nanoTime());
            }
        } catch (SocketTimeoutException e) {
            why = "no line from the server for 10 s";
        } catch (IOException e) {
            why = e.toString(); // a SIGKILLed server resets the connection
        } finally {
            endedBy = why;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void submitFresh() {
        WorkUnit w = session.nextWorkUnit();
        int nonce = random.nextInt();
        send(new Submitted(w, w.job().ntime(), nonce, headerHash(w, w.job().ntime(), nonce), false));
    }

    private void send(Submitted s) {
        long id = session.submit(s.work(), s.ntime(), s.nonce(), System.nanoTime());
        synchronized (unanswered) {
            unanswered.put(id, s);
        }
        if (!s.replay()) submitted.incrementAndGet();
    }

    /** SHA-256d of the 80-byte header the server rebuilds from this submit (internal byte order), as hex. */
    private String headerHash(WorkUnit w, int ntime, int nonce) {
        MinerJob j = w.job();
        ShareJob job = shareJobs.computeIfAbsent(j.jobId() + "/" + j.extranonce1(), k -> {
            byte[][] branch = new byte[j.merkleBranch().size()][];
            for (int i = 0; i < branch.length; i++) branch[i] = Hex.decode(j.merkleBranch().get(i));
            return new ShareJob(StratumCodec.prevHashFromStratum(j.prevHash()), Hex.decode(j.coinb1()), Hex.decode(j.coinb2()),
                    branch, j.version(), j.nbits());
        });
        validator.validate(job, Hex.decode(j.extranonce1()), Hex.decode(w.extranonce2()), ntime, nonce, w.rolledVersion(), outcome);
        return HEX.formatHex(outcome.hash());
    }

    // ------------------------------------------------------------------ SessionEvents (miner thread only)

    @Override
    public void send(String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void submitAnswered(long requestId, boolean accepted, String rejectReason) {
        Submitted s;
        synchronized (unanswered) {
            s = unanswered.remove(requestId);
        }
        if (s == null) return;
        if (s.replay()) {
            replayVerdicts.put(s.hash(), accepted ? "accepted" : rejectReason);
        } else if (accepted) {
            acknowledged.add(s.hash());
            ackedHere.incrementAndGet();
            if (sample.size() < SAMPLE) sample.add(new Submitted(s.work(), s.ntime(), s.nonce(), s.hash(), true));
        } else {
            rejected.merge(rejectReason, 1, Integer::sum);
        }
    }

    @Override
    public void handshakeFailed(String why) {
        handshakeFailure = why;
    }

    static void awaitAll(List<RecordingMiner> miners, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (RecordingMiner m : miners) m.await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
}
