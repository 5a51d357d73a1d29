package dev.quarry.accounting.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A balanced set of postings (double entry): the amounts add up to zero, or it cannot be built.
 * Each {@link #move} adds two postings: {@code -amount} from one account and {@code +amount} to another.
 */
public final class LedgerTransaction {

    public record Posting(String account, long amountSat, EntryKind kind, String contractId) {
    }

    private final String id = UUID.randomUUID().toString();
    private final String refType;
    private final String refId;
    private final List<Posting> postings = new ArrayList<>();

    public LedgerTransaction(String refType, String refId) {
        this.refType = refType;
        this.refId = refId;
    }

    /** Moves {@code amountSat} (> 0) from {@code from} to {@code to}. Zero amounts post nothing. */
    public LedgerTransaction move(String from, String to, long amountSat, EntryKind kind, String contractId) {
        if (amountSat < 0) throw new IllegalArgumentException("amount must be >= 0; swap the accounts instead");
        if (amountSat == 0) return this;
        postings.add(new Posting(from, -amountSat, kind, contractId));
        postings.add(new Posting(to, amountSat, kind, contractId));
        return this;
    }

    public String id() {
        return id;
    }

    public String refType() {
        return refType;
    }

    public String refId() {
        return refId;
    }

    public List<Posting> postings() {
        long sum = 0;
        for (Posting p : postings) sum = Math.addExact(sum, p.amountSat());
        if (sum != 0) throw new IllegalStateException("unbalanced ledger transaction: sums to " + sum);
        return List.copyOf(postings);
    }

    public boolean isEmpty() {
        return postings.isEmpty();
    }
}
