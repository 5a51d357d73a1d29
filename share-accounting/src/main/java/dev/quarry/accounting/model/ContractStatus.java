package dev.quarry.accounting.model;

import java.util.Locale;

/** Only ACTIVE contracts mine, are credited and pay maintenance fees. */
public enum ContractStatus {
    PENDING,
    ACTIVE,
    SUSPENDED,
    EXPIRED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ContractStatus fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
