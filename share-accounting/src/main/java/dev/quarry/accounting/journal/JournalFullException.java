package dev.quarry.accounting.journal;

/** The journal queue stayed full for the configured wait: the share was NOT stored; do not acknowledge it. */
public class JournalFullException extends RuntimeException {
    public JournalFullException(int capacity) {
        super("share journal queue full (" + capacity + " shares pending); share not stored");
    }
}
