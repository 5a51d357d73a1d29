package dev.quarry.ops;

import dev.quarry.accounting.journal.AcceptedShare;
import dev.quarry.accounting.journal.Acknowledgement;
import dev.quarry.accounting.journal.ShareJournal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-contract share counters, only when {@code metrics.per-contract-labels} is on: wraps the
 * journal and counts each share once it is durable, as {@code quarry_contract_shares_total{contract}}
 * and {@code quarry_contract_share_difficulty_total{contract}}. At most {@code limit} contracts get
 * their own label value (the first ones seen); every other contract is counted under
 * {@code contract="other"}, so the series count stays bounded whatever the number of contracts.
 */
public final class ContractShareMetrics implements ShareJournal {

    public static final String OTHER = "other";

    private record Meters(Counter shares, Counter difficulty) {
    }

    private final ShareJournal journal;
    private final MeterRegistry registry;
    private final int limit;
    private final Map<String, Meters> byContract = new ConcurrentHashMap<>();
    private final Meters other;

    public ContractShareMetrics(ShareJournal journal, MeterRegistry registry, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1");
        this.journal = journal;
        this.registry = registry;
        this.limit = limit;
        this.other = meters(OTHER);
    }

    @Override
    public CompletableFuture<Void> append(AcceptedShare share) {
        CompletableFuture<Void> f = journal.append(share);
        f.thenRun(() -> count(share));
        return f;
    }

    @Override
    public void append(AcceptedShare share, Acknowledgement ack) {
        journal.append(share, new Acknowledgement() {
            @Override
            public void durable() {
                try {
                    count(share);
                } finally {
                    ack.durable(); // the miner's answer never depends on a metric
                }
            }

            @Override
            public void failed(Throwable cause) {
                ack.failed(cause);
            }
        });
    }

    private void count(AcceptedShare share) {
        Meters m = byContract.get(share.contractId());
        if (m == null && byContract.size() < limit) {
            // Synchronized only on first sight of a contract (never once the limit is reached, when
            // every further contract counts as "other"), so the limit is exact under concurrency.
            synchronized (byContract) {
                m = byContract.get(share.contractId());
                if (m == null && byContract.size() < limit && !OTHER.equals(share.contractId())) {
                    m = meters(share.contractId());
                    byContract.put(share.contractId(), m);
                }
            }
        }
        if (m == null) m = other;
        m.shares().increment();
        m.difficulty().increment(share.difficulty());
    }

    private Meters meters(String contract) {
        return new Meters(
                Counter.builder("quarry.contract.shares").tag("contract", contract).description("accepted shares by contract (bounded)").register(registry),
                Counter.builder("quarry.contract.share.difficulty").tag("contract", contract)
                        .description("difficulty of accepted shares by contract (bounded)").register(registry));
    }

    @Override
    public boolean awaitStored(java.time.Duration timeout) throws InterruptedException {
        return journal.awaitStored(timeout);
    }

    @Override
    public dev.quarry.accounting.journal.JournalStats stats() {
        return journal.stats();
    }

    @Override
    public void setBatchListener(dev.quarry.accounting.journal.BatchListener listener) {
        journal.setBatchListener(listener);
    }

    @Override
    public String healthProblem() {
        return journal.healthProblem();
    }

    @Override
    public void close() {
        journal.close();
    }
}
