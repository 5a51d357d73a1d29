package dev.quarry.stratum.share;

/** A share refused for a {@link RejectReason}; {@code detail} refines the message for malformed input. */
public final class ShareRejectedException extends Exception {

    private final RejectReason reason;

    public ShareRejectedException(RejectReason reason, String detail) {
        super(detail == null ? reason.message() : reason.message() + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public ShareRejectedException(RejectReason reason) {
        this(reason, null);
    }

    public RejectReason reason() {
        return reason;
    }
}
