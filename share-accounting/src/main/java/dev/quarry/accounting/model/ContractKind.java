package dev.quarry.accounting.model;

import java.util.Locale;

/** Dedicated: credited by its own workers {@code <contract>.<rig>}. Pooled: a pro-rata part of the provider's hosted farm. */
public enum ContractKind {
    DEDICATED,
    POOLED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ContractKind fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
