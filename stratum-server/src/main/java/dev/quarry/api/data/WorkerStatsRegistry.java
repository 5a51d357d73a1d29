package dev.quarry.api.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * In-memory {@link WorkerEvents} sink: current difficulty and reject counts per reason, per worker,
 * since the server started. Bounded: beyond {@code maxWorkers} the least recently active worker is
 * forgotten, and reason tokens beyond 16 per worker are counted as "other".
 */
public final class WorkerStatsRegistry implements WorkerEvents {

    public record WorkerState(double currentDifficulty, Map<String, Long> rejectsByReason, long lastRejectMs) {
    }

    private static final class State {
        double difficulty;
        final Map<String, Long> rejects = new TreeMap<>();
        long lastRejectMs;
    }

    private final int maxWorkers;
    private final LinkedHashMap<String, State> states = new LinkedHashMap<>(64, 0.75f, true);

    public WorkerStatsRegistry(int maxWorkers) {
        this.maxWorkers = maxWorkers;
    }

    @Override
    public synchronized void difficultyChanged(String worker, double difficulty) {
        state(worker).difficulty = difficulty;
    }

    @Override
    public synchronized void shareRejected(String worker, String reason, long timeMillis) {
        State s = state(worker);
        String r = reason == null || reason.isEmpty() ? "other" : reason;
        if (!s.rejects.containsKey(r) && s.rejects.size() >= 16) r = "other";
        s.rejects.merge(r, 1L, Long::sum);
        s.lastRejectMs = Math.max(s.lastRejectMs, timeMillis);
    }

    public synchronized WorkerState get(String worker) {
        State s = states.get(worker);
        if (s == null) return new WorkerState(0, Map.of(), 0);
        return new WorkerState(s.difficulty, Map.copyOf(s.rejects), s.lastRejectMs);
    }

    private State state(String worker) {
        State s = states.get(worker);
        if (s == null) {
            if (states.size() >= maxWorkers) {
                Iterator<Map.Entry<String, State>> it = states.entrySet().iterator();
                it.next();
                it.remove();
            }
            s = new State();
            states.put(worker, s);
        }
        return s;
    }
}
