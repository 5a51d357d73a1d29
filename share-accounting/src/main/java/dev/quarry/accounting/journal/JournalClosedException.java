package dev.quarry.accounting.journal;

/** The journal was closed (or its writer died): the share was NOT stored; do not acknowledge it. */
public class JournalClosedException extends IllegalStateException {
    public JournalClosedException(String message) {
        super(message);
    }
}
