package dev.quarry.simulate;

import dev.quarry.pow.sha.Sha256Engines;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real-mode hashing on a small fixed pool of threads, shared round-robin by every miner: each
 * turn hashes one batch of nonces for one miner and re-queues it, so CPU use is bounded by the
 * thread count (and optionally by a per-miner hashrate cap) however many miners run.
 */
final class RealHasher implements Hasher {

    private static final int BATCH = 1 << 14;

    private final ScheduledThreadPoolExecutor pool;
    private final ConcurrentHashMap<SimulatedMiner, Turn> turns = new ConcurrentHashMap<>();
    private final ThreadLocal<NonceSearch> searches = ThreadLocal.withInitial(() -> new NonceSearch(Sha256Engines.create()));
    private final long hashrateCap;
    private final FleetStats stats;

    private RealHasher(int threads, long hashrateCap, FleetStats stats) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "simulate-hasher-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.pool.setRemoveOnCancelPolicy(true);
        this.hashrateCap = hashrateCap;
        this.stats = stats;
    }

    static RealHasher create(int threads, long hashrateCapPerMiner, FleetStats stats) {
        return new RealHasher(threads, hashrateCapPerMiner, stats);
    }

    @Override
    public void assign(SimulatedMiner miner, WorkUnit work) {
        Turn next = work == null ? null : new Turn(miner, work);
        Turn old = next == null ? turns.remove(miner) : turns.put(miner, next);
        if (old != null) old.cancelled = true;
        if (next != null && !pool.isShutdown()) pool.execute(next);
    }

    @Override
    public void close() {
        turns.values().forEach(t -> t.cancelled = true);
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Turn implements Runnable {
        final SimulatedMiner miner;
        final WorkUnit work;
        volatile boolean cancelled;
        long nextNonce;

        Turn(SimulatedMiner miner, WorkUnit work) {
            this.miner = miner;
            this.work = work;
        }

        @Override
        public void run() {
            if (cancelled) return;
            NonceSearch s = searches.get();
            if (s.work() != work) {
                try {
                    s.prepare(work);
                } catch (IllegalArgumentException e) {
                    stats.protocolErrors.increment(); // job hex the firmware could not use
                    turns.remove(miner, this);
                    return;
                }
            }
            int batch = hashrateCap > 0 ? (int) Math.max(1, Math.min(BATCH, hashrateCap / 10)) : BATCH;
            long t0 = System.nanoTime();
            for (int nonce : s.search(nextNonce, batch)) {
                if (cancelled) return;
                miner.shareFound(work, work.job().ntime(), nonce);
            }
            nextNonce += batch;
            stats.hashes.add(batch);
            if (cancelled || pool.isShutdown()) return;
            if (nextNonce >= (1L << 32)) {
                turns.remove(miner, this);
                miner.workExhausted(work);
                return;
            }
            if (hashrateCap > 0) {
                long budgetNanos = batch * 1_000_000_000L / hashrateCap;
                long wait = Math.max(0, budgetNanos - (System.nanoTime() - t0));
                pool.schedule(this, wait, TimeUnit.NANOSECONDS);
            } else {
                pool.execute(this);
            }
        }
    }
}
