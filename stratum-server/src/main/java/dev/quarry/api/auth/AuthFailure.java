package dev.quarry.api.auth;

/**
 * Why a signed request was refused. Each reason has its own stable string in the 401 body
 * ({@code {"error":"unauthorized","reason":"..."}}), so client authors can tell a clock problem
 * from a wrong secret.
 */
public enum AuthFailure {
    MISSING_HEADERS(401, "missing_auth_headers"),
    MALFORMED_HEADERS(401, "malformed_auth_headers"),
    TIMESTAMP_OUT_OF_WINDOW(401, "timestamp_out_of_window"),
    UNKNOWN_KEY(401, "unknown_key"),
    REVOKED_KEY(401, "revoked_key"),
    BAD_SIGNATURE(401, "bad_signature"),
    NONCE_REUSED(401, "nonce_reused"),
    /** The nonce cache is full of unexpired entries: refusing is the only way to keep replay protection. */
    NONCE_CACHE_FULL(503, "nonce_cache_full"),
    INSUFFICIENT_SCOPE(403, "insufficient_scope");

    private final int status;
    private final String reason;

    AuthFailure(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
