package dev.quarry.stratum.template.sim;

import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.Network;
import dev.quarry.pow.header.BlockHeader;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.sha.Sha256;
import dev.quarry.stratum.block.ChainView;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateSource;
import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.tx.MalformedDataException;
import dev.quarry.stratum.tx.RawBlock;
import dev.quarry.stratum.tx.WitnessCommitment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The embedded default template source: an in-process regtest-like chain. It offers templates with a
 * few synthetic transactions (some with witnesses) on top of its tip, validates every submitted block
 * as a node would ({@link BlockRules}, Bitcoin Core's rejection strings), and on acceptance advances the
 * tip and pushes a new template. When no block arrives within the configured interval, "someone else"
 * finds one, so miners see new previous-block hashes. It remembers every block (height, hash, found by
 * us or not), so confirmations and orphaning are known directly ({@link ChainView}).
 *
 * <p>{@link #sendToAddress}/{@link #sendMany} are a tiny fake wallet for exercising payouts: they check
 * the amounts, record the payment and return a made-up txid; nothing is spent or mined.
 */
public final class SimChain implements TemplateSource, ChainView {
    private static final Logger log = LoggerFactory.getLogger(SimChain.class);
    public static final Network NETWORK = Network.REGTEST;
    private static final int TEMPLATE_VERSION = 0x20000000;

    /** A payment made through the fake wallet. */
    public record Payment(String txid, Map<String, Long> outputs, long timeMillis) {
    }

    private final SimChainConfig config;
    private final LongSupplier clockMillis;
    private final SyntheticTransactions synthetic;
    private final Random random;

    private final Map<String, SimBlock> index = new HashMap<>();
    private final List<SimBlock> chain = new ArrayList<>();
    private final Set<String> invalid = new HashSet<>();
    private final Map<String, Long> offeredFees = new HashMap<>();
    private final List<Payment> payments = new ArrayList<>();
    private List<TemplateTransaction> mempool = List.of();
    private BlockTemplate current;
    private long tipArrivalMillis;
    private long paymentCounter;

    private Consumer<BlockTemplate> listener;
    private ScheduledExecutorService executor;

    public SimChain(SimChainConfig config, LongSupplier clockMillis) {
        this.config = config;
        this.clockMillis = clockMillis;
        this.synthetic = new SyntheticTransactions(config.seed());
        this.random = new Random(config.seed() ^ 0x5deece66dL);
        long now = clockMillis.getAsLong() / 1000;
        byte[] genesisRoot = Sha256.sha256d(("quarry simchain genesis " + config.seed()).getBytes(StandardCharsets.UTF_8));
        byte[] genesis = BlockHeader.build(1, new byte[32], genesisRoot, (int) (now - 3600), config.bits(), 0);
        addToChain(new SimBlock(0, display(Sha256.sha256d(genesis)), display(new byte[32]), now - 3600, false, 0));
        newTemplate();
    }

    public SimChain(SimChainConfig config) {
        this(config, System::currentTimeMillis);
    }

    public SimChainConfig config() {
        return config;
    }

    public Network network() {
        return NETWORK;
    }

    @Override
    public void start(Consumer<BlockTemplate> templateListener) {
        BlockTemplate first;
        synchronized (this) {
            if (executor != null) throw new IllegalStateException("already started");
            listener = templateListener;
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "quarry-simchain");
                t.setDaemon(true);
                return t;
            });
            first = current;
            long intervalMs = config.blockInterval().toMillis();
            if (intervalMs > 0) {
                long period = Math.max(10, intervalMs / 20);
                executor.scheduleWithFixedDelay(this::maybeFindElsewhere, period, period, TimeUnit.MILLISECONDS);
            }
        }
        deliver(first);
    }

    private void maybeFindElsewhere() {
        try {
            boolean due;
            synchronized (this) {
                due = clockMillis.getAsLong() - tipArrivalMillis >= config.blockInterval().toMillis();
            }
            if (due) mineElsewhere();
        } catch (RuntimeException e) {
            log.error("simulated block failed", e);
        }
    }

    /** "Someone else" finds the next block: the tip advances and a new template is pushed. */
    public SimBlock mineElsewhere() {
        SimBlock b;
        BlockTemplate t;
        synchronized (this) {
            b = foreignBlock(tip());
            addToChain(b);
            t = newTemplate();
        }
        log.info("sim: block {} at height {} found elsewhere", b.hash(), b.height());
        deliver(t);
        return b;
    }

    /**
     * Replaces the top {@code depth} blocks with {@code depth + 1} blocks found elsewhere (a reorg), so
     * blocks we found there become orphans.
     */
    public void reorganize(int depth) {
        BlockTemplate t;
        synchronized (this) {
            if (depth < 1 || depth >= chain.size()) throw new IllegalArgumentException("reorg depth must be 1.." + (chain.size() - 1));
            for (int i = 0; i < depth; i++) chain.remove(chain.size() - 1);
            for (int i = 0; i <= depth; i++) addToChain(foreignBlock(tip()));
            t = newTemplate();
        }
        deliver(t);
    }

    private SimBlock foreignBlock(SimBlock parent) {
        byte[] root = new byte[32];
        random.nextBytes(root);
        long time = Math.max(clockMillis.getAsLong() / 1000, medianTimePast() + 1);
        byte[] header = BlockHeader.build(TEMPLATE_VERSION, internal(parent.hash()), root, (int) time, config.bits(), random.nextInt());
        return new SimBlock(parent.height() + 1, display(Sha256.sha256d(header)), parent.hash(), time, false, 0);
    }

    private void addToChain(SimBlock b) {
        index.put(b.hash(), b);
        chain.add(b);
        tipArrivalMillis = clockMillis.getAsLong();
    }

    private void deliver(BlockTemplate t) {
        Consumer<BlockTemplate> l;
        ScheduledExecutorService ex;
        synchronized (this) {
            l = listener;
            ex = executor;
        }
        if (l == null || ex == null || ex.isShutdown()) return;
        ex.execute(() -> {
            try {
                l.accept(t);
            } catch (RuntimeException e) {
                log.error("template listener failed", e);
            }
        });
    }

    /** Builds the template for the current tip with a fresh set of synthetic transactions. */
    private BlockTemplate newTemplate() {
        SimBlock tip = tip();
        long height = tip.height() + 1;
        List<TemplateTransaction> txs = new ArrayList<>(config.txsPerTemplate());
        offeredFees.clear();
        long fees = 0;
        List<byte[]> wtxids = new ArrayList<>();
        for (int i = 0; i < config.txsPerTemplate(); i++) {
            TemplateTransaction tx = synthetic.next(i % 2 == 0); // alternate: witness spends and legacy spends
            txs.add(tx);
            offeredFees.put(Hex.encode(tx.txid()), tx.fee());
            fees += tx.fee();
            wtxids.add(tx.wtxid());
        }
        mempool = List.copyOf(txs);
        long mtp = medianTimePast();
        long now = clockMillis.getAsLong() / 1000;
        current = new BlockTemplate("simchain", height, TEMPLATE_VERSION, internal(tip.hash()), config.bits(), Math.max(now, mtp + 1),
                mtp + 1, BlockRules.subsidy(height, config.halvingInterval()) + fees, txs, WitnessCommitment.script(wtxids),
                BlockRules.MAX_BLOCK_SIGOPS_COST, BlockRules.MAX_BLOCK_WEIGHT, Long.toString(height));
        return current;
    }

    @Override
    public synchronized BlockTemplate current() {
        return current;
    }

    /**
     * Validates and, if valid and on the tip, connects a block.
     *
     * @return null when accepted, else Bitcoin Core's reason ("high-hash", "bad-txnmrklroot", "duplicate", ...).
     *         A valid block whose parent is known but no longer the tip gets "inconclusive-not-best-prevblk".
     */
    @Override
    public String submitBlock(byte[] blockBytes) {
        BlockTemplate next;
        SimBlock accepted;
        synchronized (this) {
            RawBlock block;
            try {
                block = RawBlock.parse(blockBytes);
            } catch (MalformedDataException e) {
                return "Block decode failed";
            }
            if (block.transactions().isEmpty() || !block.transactions().get(0).isCoinbase()) return "Block does not start with a coinbase";
            String hash = display(block.hash());
            if (index.containsKey(hash)) return "duplicate";
            if (invalid.contains(hash)) return "duplicate-invalid";

            BlockRules.Verdict v = BlockRules.checkProofOfWork(block, SimChainConfig.POW_LIMIT);
            if (v.ok()) v = BlockRules.checkBlock(block);
            if (!v.ok()) return v.reason();

            SimBlock parent = index.get(display(block.prevHash()));
            if (parent == null) return "prev-blk-not-found";
            long height = parent.height() + 1;
            long mtp = medianTimePastAt(parent);
            v = BlockRules.checkHeaderContext(block, config.bits(), mtp, clockMillis.getAsLong() / 1000);
            if (v.ok()) v = BlockRules.checkBlockContext(block, height, mtp);
            if (v.ok() && !parent.hash().equals(tip().hash())) return "inconclusive-not-best-prevblk";
            if (v.ok()) v = BlockRules.connect(block, BlockRules.subsidy(height, config.halvingInterval()), offeredFees);
            if (!v.ok()) {
                // Core marks a block failed unless the failure could be a mutation of a valid block
                if (v.kind() == BlockRules.Kind.INVALID) invalid.add(hash);
                return v.reason();
            }
            accepted = new SimBlock(height, hash, parent.hash(), block.time() & 0xffffffffL, true, block.transactions().get(0).totalOut());
            addToChain(accepted);
            next = newTemplate();
        }
        log.info("sim: accepted our block {} at height {}", accepted.hash(), accepted.height());
        deliver(next);
        return null;
    }

    @Override
    public synchronized long confirmations(byte[] blockHash) {
        SimBlock b = index.get(display(blockHash));
        if (b == null) return UNKNOWN;
        if (b.height() >= chain.size() || !chain.get((int) b.height()).hash().equals(b.hash())) return ORPHANED;
        return chain.size() - b.height();
    }

    public synchronized SimBlock tip() {
        return chain.get(chain.size() - 1);
    }

    public synchronized long height() {
        return tip().height();
    }

    /** The best chain from genesis to tip. */
    public synchronized List<SimBlock> blocks() {
        return List.copyOf(chain);
    }

    /** Any block ever seen (best chain or orphaned), or null. */
    public synchronized SimBlock block(String hashDisplay) {
        return index.get(hashDisplay);
    }

    public synchronized long subsidyAt(long height) {
        return BlockRules.subsidy(height, config.halvingInterval());
    }

    private long medianTimePast() {
        return medianTimePastAt(tip());
    }

    /** Median of the last 11 block times ending at {@code last} (Core's GetMedianTimePast). */
    private long medianTimePastAt(SimBlock last) {
        List<Long> times = new ArrayList<>(11);
        SimBlock b = last;
        for (int i = 0; i < 11 && b != null; i++) {
            times.add(b.time());
            b = index.get(b.prevHash());
        }
        times.sort(Long::compare);
        return times.get(times.size() / 2);
    }

    // ---- the fake wallet -------------------------------------------------------------------------

    public String sendToAddress(String address, long sats) {
        return sendMany(Map.of(address, sats));
    }

    /**
     * Records a payment to the given addresses (satoshis) and returns a made-up txid (display hex). Like
     * bitcoind's sendmany, every address must be valid for the chain's network (regtest); but the sim has
     * no UTXOs: nothing is spent, signed or mined.
     *
     * @throws IllegalArgumentException for an invalid address or a non-positive amount
     */
    public synchronized String sendMany(Map<String, Long> amounts) {
        if (amounts == null || amounts.isEmpty()) throw new IllegalArgumentException("no outputs");
        long total = 0;
        StringBuilder sb = new StringBuilder("quarry-sim-payment-").append(++paymentCounter);
        for (Map.Entry<String, Long> e : amounts.entrySet()) {
            BitcoinAddress.parse(e.getKey(), NETWORK); // throws InvalidAddressException with the reason
            long v = e.getValue() == null ? -1 : e.getValue();
            if (v <= 0) throw new IllegalArgumentException("amount for " + e.getKey() + " must be positive");
            total = Math.addExact(total, v);
            if (total > BlockRules.MAX_MONEY) throw new IllegalArgumentException("amount above 21 million BTC");
            sb.append('|').append(e.getKey()).append('=').append(v);
        }
        String txid = display(Sha256.sha256d(sb.toString().getBytes(StandardCharsets.UTF_8)));
        payments.add(new Payment(txid, new LinkedHashMap<>(amounts), clockMillis.getAsLong()));
        return txid;
    }

    public synchronized List<Payment> payments() {
        return List.copyOf(payments);
    }

    @Override
    public void close() {
        ScheduledExecutorService ex;
        synchronized (this) {
            ex = executor;
            listener = null;
        }
        if (ex != null) ex.shutdownNow();
    }

    private static String display(byte[] internal) {
        return Hex.encode(Hex.reversed(internal));
    }

    private static byte[] internal(String display) {
        return Hex.reversed(Hex.decode(display));
    }

    /** Offered synthetic transactions of the current template (for tests and tools). */
    synchronized List<TemplateTransaction> mempool() {
        return mempool;
    }

    /** Exposed for symmetry with bitcoind sources: the tip's hash in display order. */
    public synchronized String bestBlockHash() {
        return tip().hash();
    }
}
