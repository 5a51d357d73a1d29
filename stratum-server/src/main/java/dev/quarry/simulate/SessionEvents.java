package dev.quarry.simulate;

/** What a {@link MinerSession} asks of its connection and reports to the fleet statistics. */
public interface SessionEvents {

    /** Queue one line for the server (the connection flushes after each inbound line or timer). */
    void send(String line);

    /** Handshake done: the miner may submit once it holds a job. */
    default void authorized() {
    }

    /** A new job was taken; {@code firstOfSession} marks the job that arrives right after subscribing. */
    default void jobReceived(MinerJob job, boolean firstOfSession) {
    }

    /** A submit was answered. */
    default void verdict(boolean accepted, String rejectReason, long latencyNanos) {
    }

    /**
     * The same verdict, naming the request it answers (the id {@link MinerSession#submit} returned),
     * for clients that must know WHICH share was acknowledged, e.g. to check it is stored later.
     */
    default void submitAnswered(long requestId, boolean accepted, String rejectReason) {
    }

    /** The firmware would give up on this connection (e.g. cgminer without version rolling); do not reconnect. */
    default void handshakeFailed(String why) {
    }

    /** client.reconnect: host/port null mean "the configured pool". */
    default void reconnectRequested(String host, Integer port, int waitSeconds) {
    }

    /** A server message the firmware could not use; counted, the session goes on. */
    default void protocolError(String what) {
    }
}
