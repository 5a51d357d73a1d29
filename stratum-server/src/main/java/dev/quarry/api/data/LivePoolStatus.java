package dev.quarry.api.data;

import dev.quarry.stratum.job.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link PoolStatusProvider} from the running pool's parts: connected sessions (Stratum server),
 * the current job (height, nBits), found blocks (block submitter), and the last
 * {@value #WINDOW_MINUTES} minutes of journaled shares for the pool hashrate. Takes plain suppliers
 * so it knows no server internals.
 */
public final class LivePoolStatus implements PoolStatusProvider {

    static final long WINDOW_MINUTES = 10;
    private static final long WINDOW_MS = WINDOW_MINUTES * 60_000L;

    private final IntSupplier readySessions;
    private final Supplier<Job> currentJob;
    private final Supplier<List<dev.quarry.stratum.block.FoundBlock>> foundBlocks;
    private final AccountingHolderData shares;
    private final LongSupplier clockMillis;

    public LivePoolStatus(IntSupplier readySessions, Supplier<Job> currentJob, Supplier<List<dev.quarry.stratum.block.FoundBlock>> foundBlocks,
                          AccountingHolderData shares, LongSupplier clockMillis) {
        this.readySessions = readySessions;
        this.currentJob = currentJob;
        this.foundBlocks = foundBlocks;
        this.shares = shares;
        this.clockMillis = clockMillis;
    }

    @Override
    public PoolStatus status() {
        long now = clockMillis.getAsLong();
        AccountingHolderData.PoolActivity a = shares.poolActivity(now - WINDOW_MS);
        Job job = currentJob.get();
        return new PoolStatus(HashrateMath.hashrate(a.difficultySum(), WINDOW_MS / 1000), readySessions.getAsInt(), a.workers(),
                job == null ? 0 : HashrateMath.networkDifficulty(job.bits()), job == null ? 0 : job.height(), now);
    }

    @Override
    public List<PoolStatusProvider.FoundBlock> foundBlocks(int limit) {
        List<dev.quarry.stratum.block.FoundBlock> all = foundBlocks.get();
        List<PoolStatusProvider.FoundBlock> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            dev.quarry.stratum.block.FoundBlock b = all.get(i);
            String status = b.status() == dev.quarry.stratum.block.FoundBlock.Status.SUBMITTING ? "submitted" : b.status().name().toLowerCase(Locale.ROOT);
            out.add(new PoolStatusProvider.FoundBlock(b.height(), b.hash(), b.foundAtMillis(), status, b.finder(), b.reward(),
                    (int) Math.min(Integer.MAX_VALUE, b.confirmations())));
        }
        return out;
    }
}
