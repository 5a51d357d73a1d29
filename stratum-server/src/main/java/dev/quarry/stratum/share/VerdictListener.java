package dev.quarry.stratum.share;

/**
 * Receives the verdict of a {@link CheckedShare}, on the event loop that submitted it; either
 * right away or, when it waited for a batch, later in the same event-loop iteration.
 */
public interface VerdictListener {

    void accepted(ShareVerdict verdict);

    void rejected(ShareRejectedException reason);
}
