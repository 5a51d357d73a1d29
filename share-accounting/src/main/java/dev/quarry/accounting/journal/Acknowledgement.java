package dev.quarry.accounting.journal;

/**
 * What a caller of {@link ShareJournal#append(AcceptedShare, Acknowledgement)} is told, exactly
 * once per share: durable, or not. The journal calls it from its writer thread (or from the
 * appending thread when it refuses the share at once), so an implementation hands its work to its
 * own thread and returns; an exception it throws is logged and costs no other share its answer.
 */
public interface Acknowledgement {

    /** The share is durable: the miner may be told it was accepted. */
    void durable();

    /** The share could not be made durable (journal closed or full, disk failure, unstorable share). */
    void failed(Throwable cause);
}
