package dev.quarry.stratum.session;

/**
 * Decides whether a worker may mine on this pool. Called on the connection's event loop, so it
 * must answer quickly (from memory).
 */
public interface WorkerAuthorizer {

    /** Result of an authorization: allowed, or refused with a message the miner sees. */
    record Decision(boolean allowed, String message) {
        public static Decision allow() {
            return new Decision(true, null);
        }

        public static Decision refuse(String message) {
            return new Decision(false, message);
        }
    }

    Decision authorize(WorkerName worker, String password);
}
