package dev.quarry.stratum.block;

/**
 * A block we found and what became of it.
 *
 * @param height        block height
 * @param hash          block hash, display order hex
 * @param reward        coinbase value, satoshis
 * @param finder        worker (contract.rig) that found it
 * @param foundAtMillis when the share arrived
 * @param verdict       the node's verdict: "accepted", a rejection reason, or null while none was recorded
 * @param status        lifecycle status
 * @param confirmations confirmations last seen (0 before the first check)
 */
public record FoundBlock(long height, String hash, long reward, String finder, long foundAtMillis, String verdict,
                         Status status, long confirmations) {

    public enum Status {
        /** Written to disk, no verdict yet (being submitted or retried). */
        SUBMITTING,
        /** The node accepted it (or already had it: "duplicate"). */
        ACCEPTED,
        /** The node rejected it. */
        REJECTED,
        /** Accepted and in the best chain with at least one confirmation. */
        CONFIRMED,
        /** Known to the node but no longer (or never) in the best chain. */
        ORPHANED
    }

    public static final String ACCEPTED_VERDICT = "accepted";

    FoundBlock withVerdict(String v) {
        Status s = ACCEPTED_VERDICT.equals(v) || "duplicate".equals(v) ? Status.ACCEPTED : isStaleVerdict(v) ? Status.ORPHANED : Status.REJECTED;
        return new FoundBlock(height, hash, reward, finder, foundAtMillis, v, s, confirmations);
    }

    FoundBlock withConfirmations(long c) {
        Status s = c == ChainView.ORPHANED ? Status.ORPHANED : c >= 1 ? Status.CONFIRMED : status;
        return new FoundBlock(height, hash, reward, finder, foundAtMillis, verdict, s, Math.max(0, c));
    }

    /** A valid block that did not extend the best chain. */
    static boolean isStaleVerdict(String v) {
        return v != null && v.startsWith("inconclusive");
    }
}
