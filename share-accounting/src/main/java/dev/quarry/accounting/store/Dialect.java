package dev.quarry.accounting.store;

/** The two supported databases. The schema is shared; only connection set-up differs. */
public enum Dialect {
    SQLITE,
    POSTGRESQL
}
