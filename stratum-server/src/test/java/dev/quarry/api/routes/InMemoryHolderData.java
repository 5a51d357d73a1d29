package dev.quarry.api.routes;

import dev.quarry.api.data.HolderData;
import dev.quarry.api.data.HolderDataException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link HolderData} held in memory for route tests: it exercises the HTTP layer (parsing,
 * scoping, paging, error mapping). The storage-backed implementation is tested against the real
 * accounting database separately.
 */
final class InMemoryHolderData implements HolderData {

    final Map<String, List<ContractInfo>> contracts = new HashMap<>();
    final List<ShareInfo> shares = new ArrayList<>();
    final Map<String, List<LedgerEntry>> ledger = new HashMap<>();
    final Map<String, List<Settlement>> settlements = new HashMap<>();
    final Map<String, String> addresses = new HashMap<>();
    final Map<String, List<Payout>> payouts = new HashMap<>();
    private final Map<String, String> payoutDigests = new HashMap<>();

    private String holderOf(String contractId) {
        for (Map.Entry<String, List<ContractInfo>> e : contracts.entrySet()) {
            for (ContractInfo c : e.getValue()) if (c.id().equals(contractId)) return e.getKey();
        }
        return null;
    }

    @Override
    public synchronized List<ContractInfo> contracts(String holderId) {
        return contracts.getOrDefault(holderId, List.of());
    }

    @Override
    public synchronized Optional<ContractInfo> contract(String holderId, String contractId) {
        return contracts(holderId).stream().filter(c -> c.id().equals(contractId)).findFirst();
    }

    @Override
    public synchronized List<DifficultyBucket> difficultyBuckets(String holderId, String contractId, long fromMs, long toMs, long bucketMs) {
        if (!holderId.equals(holderOf(contractId))) return List.of();
        TreeMap<Long, BigDecimal[]> b = new TreeMap<>();
        for (ShareInfo s : shares) {
            if (!s.contractId().equals(contractId) || s.timeMs() < fromMs || s.timeMs() >= toMs) continue;
            long start = Math.floorDiv(s.timeMs(), bucketMs) * bucketMs;
            BigDecimal[] acc = b.computeIfAbsent(start, k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            acc[0] = acc[0].add(new BigDecimal(s.difficulty()));
            acc[1] = acc[1].add(BigDecimal.ONE);
        }
        List<DifficultyBucket> out = new ArrayList<>();
        b.forEach((k, v) -> out.add(new DifficultyBucket(k, v[0], v[1].longValue())));
        return out;
    }

    @Override
    public synchronized SharePage shares(String holderId, ShareFilter f) {
        List<ShareInfo> out = shares.stream()
                .filter(s -> holderId.equals(holderOf(s.contractId())))
                .filter(s -> f.contractId() == null || s.contractId().equals(f.contractId()))
                .filter(s -> f.worker() == null || s.worker().equals(f.worker()))
                .filter(s -> s.timeMs() >= f.fromMs() && s.timeMs() < f.toMs() && s.seq() < f.afterSeq())
                .sorted(Comparator.comparingLong(ShareInfo::seq).reversed())
                .limit(f.limit() + 1L)
                .toList();
        if (out.size() > f.limit()) return new SharePage(out.subList(0, f.limit()), out.get(f.limit() - 1).seq());
        return new SharePage(out, null);
    }

    @Override
    public synchronized List<WorkerActivity> workers(String holderId, long sinceMs) {
        Map<String, WorkerActivity> m = new TreeMap<>();
        for (ShareInfo s : shares) {
            if (!holderId.equals(holderOf(s.contractId())) || s.timeMs() < sinceMs) continue;
            WorkerActivity w = m.get(s.worker());
            if (w == null) w = new WorkerActivity(s.worker(), s.contractId(), 0, 0, BigDecimal.ZERO, 0);
            boolean newer = s.timeMs() >= w.lastShareMs();
            m.put(s.worker(), new WorkerActivity(s.worker(), s.contractId(), newer ? s.timeMs() : w.lastShareMs(),
                    newer ? s.difficulty() : w.lastDifficulty(), w.difficultySum().add(new BigDecimal(s.difficulty())), w.shareCount() + 1));
        }
        return new ArrayList<>(m.values());
    }

    @Override
    public synchronized LedgerPage ledger(String holderId, String cursor, int limit) {
        List<LedgerEntry> all = ledger.getOrDefault(holderId, List.of());
        int start = cursor == null ? 0 : Integer.parseInt(cursor);
        int end = Math.min(all.size(), start + limit);
        return new LedgerPage(all.subList(start, end), end < all.size() ? Integer.toString(end) : null);
    }

    @Override
    public synchronized long balanceSats(String holderId) {
        return ledger.getOrDefault(holderId, List.of()).stream().mapToLong(LedgerEntry::amountSats).sum();
    }

    @Override
    public synchronized List<DailyEarning> earningsPerDay(String holderId, long fromMs, long toMs) {
        TreeMap<Long, long[]> days = new TreeMap<>();
        for (LedgerEntry e : ledger.getOrDefault(holderId, List.of())) {
            if (e.createdMs() < fromMs || e.createdMs() >= toMs) continue;
            long[] d = days.computeIfAbsent(Math.floorDiv(e.createdMs(), 86_400_000L), k -> new long[2]);
            if (e.amountSats() >= 0) d[0] += e.amountSats();
            else d[1] -= e.amountSats();
        }
        List<DailyEarning> out = new ArrayList<>();
        days.forEach((d, v) -> out.add(new DailyEarning(java.time.LocalDate.ofEpochDay(d).toString(), v[0], v[1])));
        return out;
    }

    @Override
    public synchronized List<Settlement> settlements(String holderId, int limit) {
        List<Settlement> s = settlements.getOrDefault(holderId, List.of());
        return s.subList(0, Math.min(limit, s.size()));
    }

    @Override
    public synchronized Optional<Settlement> settlement(String holderId, long settlementId) {
        return settlements.getOrDefault(holderId, List.of()).stream().filter(s -> s.id() == settlementId).findFirst();
    }

    @Override
    public synchronized List<Payout> payouts(String holderId, int limit) {
        List<Payout> p = payouts.getOrDefault(holderId, List.of());
        return p.subList(0, Math.min(limit, p.size()));
    }

    @Override
    public synchronized Optional<Payout> payout(String holderId, String payoutId) {
        return payouts.getOrDefault(holderId, List.of()).stream().filter(p -> p.id().equals(payoutId)).findFirst();
    }

    @Override
    public synchronized Optional<Payout> payoutByIdempotencyKey(String holderId, String idempotencyKey) {
        return payout(holderId, "po-" + holderId + "-" + idempotencyKey);
    }

    @Override
    public synchronized PayoutOutcome requestPayout(String holderId, String idempotencyKey, long amountSats, String address) {
        String id = "po-" + holderId + "-" + idempotencyKey;
        String digest = amountSats + "|" + address;
        String seen = payoutDigests.get(id);
        if (seen != null) {
            if (!seen.equals(digest)) throw new HolderDataException(HolderDataException.Kind.IDEMPOTENCY_CONFLICT, "idempotency key reused with a different request");
            return new PayoutOutcome(payout(holderId, id).orElseThrow(), false);
        }
        if (amountSats > balanceSats(holderId)) throw new HolderDataException(HolderDataException.Kind.INSUFFICIENT_BALANCE, "balance too low");
        Payout p = new Payout(id, amountSats, address, "requested", null, null, 0);
        payoutDigests.put(id, digest);
        payouts.computeIfAbsent(holderId, k -> new ArrayList<>()).add(0, p);
        ledger.computeIfAbsent(holderId, k -> new ArrayList<>()).add(new LedgerEntry("le-" + id, "tx-" + id, -amountSats, "payout", null, "payout", id, 0));
        return new PayoutOutcome(p, true);
    }

    @Override
    public synchronized String payoutAddress(String holderId) {
        return addresses.get(holderId);
    }

    @Override
    public synchronized void changePayoutAddress(String holderId, String address) {
        if (!address.startsWith("bcrt1")) throw new HolderDataException(HolderDataException.Kind.INVALID_ADDRESS, "not a regtest address: " + address);
        addresses.put(holderId, address);
    }
}
