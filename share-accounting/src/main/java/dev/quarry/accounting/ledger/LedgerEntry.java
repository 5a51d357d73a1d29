package dev.quarry.accounting.ledger;

/**
 * One append-only ledger line.
 *
 * @param refType  what it came from: "settlement" (ref = settlement id), "payout", "reinvest"
 * @param refId    id of that settlement / payout / reinvest
 * @param contractId the contract it concerns, if any (credits, maintenance fees, reinvest)
 */
public record LedgerEntry(String id, String txnId, String account, long amountSat, EntryKind kind,
                          String contractId, String refType, String refId, long createdMs) {
}
