package dev.quarry.accounting.payout;

/** The stored outcome of a payout request; the same Idempotency-Key with the same body returns it again. */
public record PayoutResult(String payoutId, String holderId, long amountSat, String address, PayoutStatus status, String txid, String error) {
}
