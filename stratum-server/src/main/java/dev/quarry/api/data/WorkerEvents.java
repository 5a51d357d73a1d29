package dev.quarry.api.data;

/**
 * What the Stratum server tells the API about workers beyond accepted shares (which reach the API
 * through the share journal): difficulty changes and rejected shares. Called from session threads;
 * implementations must be cheap and thread-safe.
 */
public interface WorkerEvents {

    /** Vardiff (or a suggest_difficulty) set a new difficulty for a worker's session. */
    void difficultyChanged(String worker, double difficulty);

    /**
     * A share from this worker was rejected. {@code reason} is a short stable token: the Stratum
     * server's {@code RejectReason.metricName()} ({@code stale}, {@code duplicate},
     * {@code low_difficulty}, {@code job_not_found}, {@code ntime_out_of_range}, ...).
     */
    void shareRejected(String worker, String reason, long timeMillis);
}
