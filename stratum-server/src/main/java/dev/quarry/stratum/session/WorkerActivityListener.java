package dev.quarry.stratum.session;

/**
 * What the server reports about workers beyond accepted shares (which travel through the share
 * journal): a new difficulty sent to a worker's connection, and rejected shares. Called on the
 * network threads, so implementations must be cheap and thread-safe.
 */
public interface WorkerActivityListener {

    WorkerActivityListener NONE = new WorkerActivityListener() {
        @Override
        public void difficultyChanged(String worker, double difficulty) {
        }

        @Override
        public void shareRejected(String worker, String reason, long timeMillis) {
        }
    };

    void difficultyChanged(String worker, double difficulty);

    /** {@code reason} is the reject reason's metric name (stale, duplicate, low_difficulty, ...). */
    void shareRejected(String worker, String reason, long timeMillis);
}
