package dev.quarry.accounting.ledger;

import java.util.Locale;

/** Why money moved. Stored lower-case ({@code pps_credit}, ...). */
public enum EntryKind {
    PPS_CREDIT,
    FPPS_FEE_CREDIT,
    MAINTENANCE_FEE,
    PAYOUT,
    REINVEST,
    ADJUSTMENT;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntryKind fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
