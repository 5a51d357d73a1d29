package dev.quarry.stratum.block;

import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.template.TemplateSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Takes winning shares and makes sure their blocks reach a node. For each block, on its own thread:
 * write it to disk (fsync), submit through the {@link TemplateSource}, and on a transport error
 * (IOException) retry with exponential backoff until a node answers; then record the verdict next to
 * the block. {@link #recover()} resubmits, after a restart, every stored block whose verdict was never
 * recorded. Found blocks are tracked in memory (height, hash, reward, finder, verdict, confirmations);
 * listeners hear about every change.
 */
public final class BlockSubmitter implements BlockSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockSubmitter.class);

    private final BlockStore store;
    private final TemplateSource source;
    private final BlockAssembler assembler;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final LongSupplier clockMillis;
    private final Map<String, FoundBlock> blocks = new LinkedHashMap<>();
    private final List<Consumer<FoundBlock>> listeners = new CopyOnWriteArrayList<>();

    public BlockSubmitter(BlockStore store, TemplateSource source, BlockAssembler assembler, ScheduledExecutorService executor,
                          Duration initialBackoff, Duration maxBackoff, LongSupplier clockMillis) {
        this(store, source, assembler, executor, false, initialBackoff, maxBackoff, clockMillis);
    }

    private BlockSubmitter(BlockStore store, TemplateSource source, BlockAssembler assembler, ScheduledExecutorService executor,
                           boolean ownsExecutor, Duration initialBackoff, Duration maxBackoff, LongSupplier clockMillis) {
        this.store = store;
        this.source = source;
        this.assembler = assembler;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        this.initialBackoffMillis = Math.max(1, initialBackoff.toMillis());
        this.maxBackoffMillis = Math.max(initialBackoffMillis, maxBackoff.toMillis());
        this.clockMillis = clockMillis;
    }

    /** A submitter with its own thread, retrying from 200 ms up to every 30 s. */
    public static BlockSubmitter create(BlockStore store, TemplateSource source) {
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quarry-block-submitter");
            t.setDaemon(true);
            return t;
        });
        return new BlockSubmitter(store, source, new BlockAssembler(), exec, true, Duration.ofMillis(200), Duration.ofSeconds(30),
                System::currentTimeMillis);
    }

    @Override
    public void blockFound(BlockCandidate candidate) {
        // Assembly is pure and cheap; doing it here surfaces a malformed candidate to the caller at once.
        byte[] block = assembler.assemble(candidate);
        String hash = Hex.encode(Hex.reversed(candidate.blockHash()));
        FoundBlock found = new FoundBlock(candidate.job().height(), hash, candidate.job().template().coinbaseValue(),
                candidate.finder(), clockMillis.getAsLong(), null, FoundBlock.Status.SUBMITTING, 0);
        synchronized (this) {
            if (blocks.containsKey(hash)) return; // the same block twice: already on its way
            blocks.put(hash, found);
        }
        log.info("block candidate {} at height {} by {}", hash, found.height(), found.finder());
        notifyListeners(found);
        executor.execute(() -> {
            try {
                store.writeBlock(found, block);
            } catch (IOException | RuntimeException e) {
                // Never hold a block back because the disk failed: submit it anyway, loudly.
                log.error("could not write block {} to {}; submitting it anyway", hash, store.dir(), e);
            }
            submit(found, block, 0);
        });
    }

    /** Loads stored blocks; resubmits every block whose verdict was never recorded. Returns how many were resubmitted. */
    public int recover() throws IOException {
        int resubmitted = 0;
        for (BlockStore.Stored s : store.load()) {
            FoundBlock b = s.block();
            synchronized (this) {
                if (blocks.containsKey(b.hash())) continue;
                blocks.put(b.hash(), b);
            }
            if (b.verdict() == null) {
                log.warn("resubmitting block {} at height {}: no verdict was recorded", b.hash(), b.height());
                resubmitted++;
                executor.execute(() -> submit(b, s.data(), 0));
            }
        }
        return resubmitted;
    }

    private void submit(FoundBlock b, byte[] block, int attempt) {
        String verdict;
        try {
            String answer = source.submitBlock(block);
            verdict = answer == null ? FoundBlock.ACCEPTED_VERDICT : answer;
        } catch (IOException | RuntimeException e) {
            long delay = backoffMillis(attempt);
            log.warn("submitting block {} failed (attempt {}): {}; retrying in {} ms", b.hash(), attempt + 1, e.toString(), delay);
            try {
                executor.schedule(() -> submit(b, block, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shutdown) {
                log.error("submitter shut down with block {} unsubmitted; it stays on disk and is resubmitted on restart", b.hash());
            }
            return;
        }
        if (FoundBlock.ACCEPTED_VERDICT.equals(verdict)) log.info("block {} accepted", b.hash());
        else log.warn("block {} answered: {}", b.hash(), verdict);
        try {
            store.writeVerdict(b.height(), b.hash(), verdict);
        } catch (IOException e) {
            log.error("could not record the verdict of block {} ({}); it will be resubmitted after a restart", b.hash(), verdict, e);
        }
        update(b.hash(), fb -> fb.withVerdict(verdict));
    }

    long backoffMillis(int attempt) {
        long d = initialBackoffMillis << Math.min(attempt, 20);
        return Math.min(d, maxBackoffMillis);
    }

    /** Asks the chain about every accepted (or orphaned) block and updates confirmations / orphaning. */
    public void updateConfirmations(ChainView chain) {
        for (FoundBlock b : blocks()) {
            if (b.status() == FoundBlock.Status.SUBMITTING || b.status() == FoundBlock.Status.REJECTED) continue;
            try {
                long c = chain.confirmations(Hex.reversed(Hex.decode(b.hash())));
                if (c != ChainView.UNKNOWN && (c != b.confirmations() || (c == ChainView.ORPHANED) != (b.status() == FoundBlock.Status.ORPHANED))) {
                    update(b.hash(), fb -> fb.withConfirmations(c));
                }
            } catch (IOException e) {
                log.debug("confirmations of {} unavailable: {}", b.hash(), e.toString());
            }
        }
    }

    private void update(String hash, java.util.function.UnaryOperator<FoundBlock> change) {
        FoundBlock updated;
        synchronized (this) {
            FoundBlock old = blocks.get(hash);
            if (old == null) return;
            updated = change.apply(old);
            blocks.put(hash, updated);
        }
        notifyListeners(updated);
    }

    private void notifyListeners(FoundBlock b) {
        for (Consumer<FoundBlock> l : listeners) {
            try {
                l.accept(b);
            } catch (RuntimeException e) {
                log.error("found-block listener failed", e);
            }
        }
    }

    /** Called for every new or changed found block (on the submitter's or caller's thread). */
    public void addListener(Consumer<FoundBlock> listener) {
        listeners.add(listener);
    }

    public synchronized List<FoundBlock> blocks() {
        return new ArrayList<>(blocks.values());
    }

    public synchronized FoundBlock block(String hashDisplay) {
        return blocks.get(hashDisplay);
    }

    @Override
    public void close() {
        if (ownsExecutor) executor.shutdownNow();
    }
}
