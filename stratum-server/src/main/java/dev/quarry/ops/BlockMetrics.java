package dev.quarry.ops;

import dev.quarry.stratum.block.BlockSubmitter;
import dev.quarry.stratum.block.FoundBlock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code quarry_blocks_submitted_total{verdict}}: found blocks by the node's answer to submitblock,
 * counted once per block when its verdict is recorded. The node's reject reasons are open-ended
 * strings ("bad-txnmrklroot", "high-hash", ...), so the label is bounded to accepted, duplicate,
 * inconclusive (valid but not on the best chain) and rejected; the log names the exact reason.
 * (Blocks found, before any verdict, are {@code quarry_blocks_found_total}.)
 */
public final class BlockMetrics {

    private final Counter accepted;
    private final Counter duplicate;
    private final Counter inconclusive;
    private final Counter rejected;
    private final Set<String> counted = ConcurrentHashMap.newKeySet();

    private BlockMetrics(MeterRegistry registry) {
        accepted = counter(registry, "accepted");
        duplicate = counter(registry, "duplicate");
        inconclusive = counter(registry, "inconclusive");
        rejected = counter(registry, "rejected");
    }

    private static Counter counter(MeterRegistry registry, String verdict) {
        return Counter.builder("quarry.blocks.submitted").tag("verdict", verdict)
                .description("found blocks by the node's submitblock verdict").register(registry);
    }

    public static BlockMetrics bind(MeterRegistry registry, BlockSubmitter blocks) {
        BlockMetrics m = new BlockMetrics(registry);
        blocks.addListener(m::changed);
        return m;
    }

    void changed(FoundBlock b) {
        if (b.verdict() == null || !counted.add(b.hash())) return;
        verdictCounter(b.verdict()).increment();
    }

    Counter verdictCounter(String verdict) {
        if (FoundBlock.ACCEPTED_VERDICT.equals(verdict)) return accepted;
        if ("duplicate".equals(verdict)) return duplicate;
        if (verdict.startsWith("inconclusive")) return inconclusive;
        return rejected;
    }
}
