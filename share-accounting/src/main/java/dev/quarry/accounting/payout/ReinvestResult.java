package dev.quarry.accounting.payout;

/** Balance turned into hashrate: {@code costSat} debited, {@code addedMilliThs} added to the contract. */
public record ReinvestResult(String reinvestId, String holderId, String contractId, long costSat, long addedMilliThs) {
}
