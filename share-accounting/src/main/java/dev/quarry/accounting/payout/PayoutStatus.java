package dev.quarry.accounting.payout;

import java.util.Locale;

/** PENDING: intent recorded and balance debited, not (known to be) sent. SENT: txid recorded. FAILED: wallet refused; reversed. */
public enum PayoutStatus {
    PENDING,
    SENT,
    FAILED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PayoutStatus fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
