package dev.quarry.accounting.ledger;

/**
 * Ledger account names. Sign convention: every transaction's entries sum to zero; a holder
 * account's balance is what the provider owes the holder (negative = the holder's debt, e.g.
 * unpaid maintenance fees, recovered from future credits before anything can be paid out).
 */
public final class Accounts {
    /** Counter-account of every mining credit: what the pool's mining produced (goes negative as credits are paid). */
    public static final String MINING_REVENUE = "pool:mining_revenue";
    /** The provider's share of the hosted farm that no pooled contract bought, and unassigned shares. */
    public static final String HOUSE = "provider:house";
    /** Maintenance fees earned by the provider. */
    public static final String MAINTENANCE_INCOME = "provider:maintenance_income";
    /** Hashrate sold to holders for their balance (reinvest). */
    public static final String HASHRATE_SALES = "provider:hashrate_sales";
    /** Money that left (or is leaving) through the wallet. */
    public static final String WALLET_OUT = "wallet:payouts";

    private Accounts() {
    }

    public static String holder(String holderId) {
        return "holder:" + holderId;
    }
}
