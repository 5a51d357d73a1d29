package dev.quarry.stratum.template.bitcoind;

import java.util.ArrayList;
import java.util.List;

/**
 * Which node serves templates. Pure, thread-safe policy over nodes in priority order (index 0 first):
 * <ul>
 *   <li>a node nobody has heard from yet is up after its first good answer;</li>
 *   <li>one failure (unreachable, timeout, 5xx, 401, syncing, wrong chain) takes a node down at once;</li>
 *   <li>a node that was down must answer well {@code recoverySuccesses} times in a row before it is up
 *       again, so a flapping node does not pull the pool back and forth;</li>
 *   <li>the active node is the first node that is up: when the preferred node recovers, it becomes
 *       active again.</li>
 * </ul>
 */
public final class NodeFailover {

    private enum State { UNKNOWN, UP, DOWN }

    private final State[] states;
    private final int[] goodInARow;
    private final int recoverySuccesses;

    public NodeFailover(int nodes, int recoverySuccesses) {
        if (nodes < 1) throw new IllegalArgumentException("at least one node");
        if (recoverySuccesses < 1) throw new IllegalArgumentException("recoverySuccesses must be at least 1");
        this.states = new State[nodes];
        this.goodInARow = new int[nodes];
        java.util.Arrays.fill(states, State.UNKNOWN);
        this.recoverySuccesses = recoverySuccesses;
    }

    /** Records a good answer; returns the active node afterwards. */
    public synchronized int recordSuccess(int node) {
        goodInARow[node]++;
        if (states[node] == State.UNKNOWN || (states[node] == State.DOWN && goodInARow[node] >= recoverySuccesses)) {
            states[node] = State.UP;
        }
        return active();
    }

    /** Records a failure; returns the active node afterwards. */
    public synchronized int recordFailure(int node) {
        goodInARow[node] = 0;
        states[node] = State.DOWN;
        return active();
    }

    /** The node that serves templates: the first one that is up, or -1 when none is. */
    public synchronized int active() {
        for (int i = 0; i < states.length; i++) {
            if (states[i] == State.UP) return i;
        }
        return -1;
    }

    public synchronized boolean isUp(int node) {
        return states[node] == State.UP;
    }

    /** Nodes that are up, in priority order. */
    public synchronized List<Integer> upNodes() {
        List<Integer> up = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i] == State.UP) up.add(i);
        }
        return up;
    }

    public int size() {
        return states.length;
    }
}
