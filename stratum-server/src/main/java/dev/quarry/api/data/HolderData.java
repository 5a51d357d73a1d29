package dev.quarry.api.data;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What the holder API reads from and asks of accounting. Every method is scoped by holder id: an
 * implementation must never return another holder's rows. Implemented over the share-accounting
 * storage by {@code AccountingHolderData}; the routes depend only on this interface.
 */
public interface HolderData {

    /** Contract as sold; hashrate in milli-TH/s (fixed point), money in satoshis. */
    record ContractInfo(String id, String status, String kind, long hashrateMths, long startMs, long endMs,
                        long pricePaidSats, long maintenanceFeeSatsPerDay) {
    }

    /** Σ difficulty of a contract's shares in [startMs, startMs + bucket). The sum is exact. */
    record DifficultyBucket(long startMs, BigDecimal difficultySum, long shareCount) {
    }

    /**
     * One credited share. {@code creditSats} is the exact PPS credit this share earned (a decimal
     * string of satoshis, possibly fractional: remainders are carried, never rounded away),
     * or null while the share's settlement period is still open.
     */
    record ShareInfo(String hash, long seq, long timeMs, String contractId, String worker, double difficulty,
                     double achievedDifficulty, int networkBits, long height, boolean blockFound,
                     String creditSats, Long settlementId) {
    }

    record ShareFilter(String contractId, String worker, long fromMs, long toMs, long afterSeq, int limit) {
    }

    record SharePage(List<ShareInfo> shares, Long nextCursor) {
    }

    /** A worker's accepted-share activity since a point in time; {@code lastDifficulty} is the pool difficulty of its latest share. */
    record WorkerActivity(String worker, String contractId, long lastShareMs, double lastDifficulty, BigDecimal difficultySum, long shareCount) {
    }

    /** One ledger row of the holder's accounts: {@code refType}/{@code refId} name the settlement, payout or shares it came from. */
    record LedgerEntry(String id, String txnId, long amountSats, String kind, String contractId,
                       String refType, String refId, long createdMs) {
    }

    record LedgerPage(List<LedgerEntry> entries, String nextCursor) {
    }

    record SettlementLine(String contractId, long shareCount, String difficultySum, long ppsCreditSats,
                          long feeCreditSats, long pooledCreditSats, long maintenanceSats, long netSats) {
    }

    record Settlement(long id, long periodStartMs, long periodEndMs, String scheme, int feeBps, List<SettlementLine> lines) {
    }

    record Payout(String id, long amountSats, String address, String status, String txid, String error, long createdMs) {
    }

    /** {@code created} false: the same idempotency key and body were seen before and this is the first result. */
    record PayoutOutcome(Payout payout, boolean created) {
    }

    /** Net credits and debits of one UTC day. */
    record DailyEarning(String day, long creditedSats, long debitedSats) {
    }

    List<ContractInfo> contracts(String holderId);

    Optional<ContractInfo> contract(String holderId, String contractId);

    /** Buckets with at least one share in [fromMs, toMs), ascending. */
    List<DifficultyBucket> difficultyBuckets(String holderId, String contractId, long fromMs, long toMs, long bucketMs);

    SharePage shares(String holderId, ShareFilter filter);

    List<WorkerActivity> workers(String holderId, long sinceMs);

    LedgerPage ledger(String holderId, String cursor, int limit);

    long balanceSats(String holderId);

    List<DailyEarning> earningsPerDay(String holderId, long fromMs, long toMs);

    List<Settlement> settlements(String holderId, int limit);

    Optional<Settlement> settlement(String holderId, long settlementId);

    List<Payout> payouts(String holderId, int limit);

    Optional<Payout> payout(String holderId, String payoutId);

    /** The payout first recorded under this idempotency key, if any (lets a retried request skip the second-factor check). */
    Optional<Payout> payoutByIdempotencyKey(String holderId, String idempotencyKey);

    /**
     * Records a payout intent (debiting the balance) exactly once per (holder, idempotency key).
     *
     * @throws HolderDataException IDEMPOTENCY_CONFLICT (same key, different request),
     *                             INSUFFICIENT_BALANCE, INVALID_ADDRESS, INVALID_AMOUNT
     */
    PayoutOutcome requestPayout(String holderId, String idempotencyKey, long amountSats, String address);

    String payoutAddress(String holderId);

    /** @throws HolderDataException INVALID_ADDRESS */
    void changePayoutAddress(String holderId, String address);
}
