package dev.quarry.stratum.share;

/**
 * Why a share was refused: its Stratum error code (stratum-v1.md §5), the message the miner sees
 * (also sent as "reject-reason"), and the metric label.
 */
public enum RejectReason {
    JOB_NOT_FOUND(21, "Job not found", "job_not_found"),
    STALE(21, "Stale job", "stale"),
    DUPLICATE(22, "Duplicate share", "duplicate"),
    LOW_DIFFICULTY(23, "Low difficulty share", "low_difficulty"),
    NTIME_OUT_OF_RANGE(20, "Ntime out of range", "ntime_out_of_range"),
    INVALID_VERSION_MASK(20, "Invalid version mask", "invalid_version_mask"),
    WRONG_EXTRANONCE2_SIZE(20, "Wrong extranonce2 size", "wrong_extranonce2_size"),
    MALFORMED(20, "Malformed share", "malformed"),
    UNAUTHORIZED_WORKER(24, "Unauthorized worker", "unauthorized_worker"),
    NOT_SUBSCRIBED(25, "Not subscribed", "not_subscribed"),
    NOT_RECORDED(20, "Share could not be recorded", "journal_error");

    private final int code;
    private final String message;
    private final String metricName;

    RejectReason(int code, String message, String metricName) {
        this.code = code;
        this.message = message;
        this.metricName = metricName;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public String metricName() {
        return metricName;
    }

    /** Stale shares are normal after a new block; they do not count towards an invalid-share ban. */
    public boolean countsTowardsBan() {
        return this != STALE && this != NOT_RECORDED;
    }
}
