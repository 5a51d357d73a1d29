package dev.quarry.stratum.job;

import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.tx.ByteWriter;
import dev.quarry.stratum.tx.WitnessCommitment;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a template inside its weight and sigop budgets once our own coinbase is added (pure).
 *
 * <p>Reserve: the block header (80 bytes), the transaction-count CompactSize and the coinbase's exact
 * weight (with its witness) are taken from {@code weightLimit}; the coinbase's sigop-cost upper bound
 * ({@link Coinbase#sigOpCostBound()}, which charges every extranonce byte as a CHECKMULTISIG) is taken
 * from {@code sigopLimit}. If the template's transactions do not fit in what remains, transactions are
 * dropped from the end (children always follow their parents in a template, so no kept transaction
 * loses an input), the dropped fees are subtracted from {@code coinbaseValue}, and the witness
 * commitment is recomputed from the remaining wtxids.
 */
public final class TemplateFitter {
    /** Consensus maxima, used when a template does not state its limits (0). */
    public static final long MAX_BLOCK_WEIGHT = 4_000_000;
    public static final long MAX_BLOCK_SIGOPS_COST = 80_000;
    private static final int HEADER_SIZE = 80;

    private TemplateFitter() {
    }

    /** Weight reserved for header, tx count and the given coinbase. */
    public static long reservedWeight(BlockTemplate template, Coinbase coinbase) {
        int count = ByteWriter.varIntSize(template.transactions().size() + 1L);
        return 4L * (HEADER_SIZE + count) + coinbase.weight();
    }

    public static BlockTemplate fit(BlockTemplate template, Coinbase coinbase) {
        long weightLimit = template.weightLimit() > 0 ? template.weightLimit() : MAX_BLOCK_WEIGHT;
        long sigopLimit = template.sigopLimit() > 0 ? template.sigopLimit() : MAX_BLOCK_SIGOPS_COST;
        long weightBudget = weightLimit - reservedWeight(template, coinbase);
        long sigopBudget = sigopLimit - coinbase.sigOpCostBound();

        List<TemplateTransaction> txs = template.transactions();
        long weight = 0;
        long sigops = 0;
        int keep = 0;
        for (TemplateTransaction tx : txs) {
            long w = tx.weight() > 0 ? tx.weight() : 4L * tx.data().length;
            if (weight + w > weightBudget || sigops + tx.sigops() > sigopBudget) break;
            weight += w;
            sigops += tx.sigops();
            keep++;
        }
        if (keep == txs.size()) return template;

        List<TemplateTransaction> kept = new ArrayList<>(txs.subList(0, keep));
        long droppedFees = 0;
        for (TemplateTransaction tx : txs.subList(keep, txs.size())) droppedFees += tx.fee();
        byte[] commitment = null;
        if (template.defaultWitnessCommitment() != null || anyWitness(kept)) {
            List<byte[]> wtxids = new ArrayList<>(kept.size());
            for (TemplateTransaction tx : kept) wtxids.add(tx.wtxid());
            commitment = WitnessCommitment.script(wtxids);
        }
        return new BlockTemplate(template.source(), template.height(), template.version(), template.previousBlockHash(),
                template.bits(), template.curTime(), template.minTime(), template.coinbaseValue() - droppedFees, kept,
                commitment, template.sigopLimit(), template.weightLimit(), template.longPollId());
    }

    private static boolean anyWitness(List<TemplateTransaction> txs) {
        for (TemplateTransaction tx : txs) if (!java.util.Arrays.equals(tx.txid(), tx.wtxid())) return true;
        return false;
    }
}
