package dev.quarry.simulate;

import java.util.ArrayList;
import java.util.List;

/** Collects everything a session emits, for assertions. */
final class RecordingEvents implements SessionEvents {
    final List<String> sent = new ArrayList<>();
    final List<MinerJob> jobs = new ArrayList<>();
    final List<Boolean> firstOfSession = new ArrayList<>();
    final List<String> verdicts = new ArrayList<>();
    final List<Long> latencies = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> protocolErrors = new ArrayList<>();
    final List<String> reconnects = new ArrayList<>();
    final List<String> answered = new ArrayList<>();
    int authorized;

    @Override public void send(String line) { sent.add(line); }
    @Override public void authorized() { authorized++; }
    @Override public void jobReceived(MinerJob job, boolean first) { jobs.add(job); firstOfSession.add(first); }
    @Override public void verdict(boolean accepted, String reason, long latencyNanos) {
        verdicts.add(accepted ? "accepted" : reason);
        latencies.add(latencyNanos);
    }
    @Override public void submitAnswered(long id, boolean accepted, String reason) { answered.add(id + ":" + (accepted ? "accepted" : reason)); }
    @Override public void handshakeFailed(String why) { failures.add(why); }
    @Override public void reconnectRequested(String host, Integer port, int wait) { reconnects.add(host + ":" + port + ":" + wait); }
    @Override public void protocolError(String what) { protocolErrors.add(what); }

    String lastSent() {
        return sent.get(sent.size() - 1);
    }
}
