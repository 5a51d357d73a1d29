package dev.quarry.ops;

import dev.quarry.stratum.block.FoundBlock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.quarry.stratum.block.BlockStore;
import dev.quarry.stratum.block.BlockSubmitter;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BlockMetricsTest {

    private static FoundBlock block(String hash, String verdict, long confirmations) {
        return new FoundBlock(100, hash, 312_500_000, "demo.rig1", 0, verdict, FoundBlock.Status.SUBMITTING, confirmations);
    }

    private static double count(SimpleMeterRegistry r, String verdict) {
        return r.get("quarry.blocks.submitted").tag("verdict", verdict).counter().count();
    }

    @Test
    void eachBlockIsCountedOnceByItsBoundedVerdict(@TempDir Path dir) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BlockMetrics m;
        try (BlockSubmitter blocks = BlockSubmitter.create(new BlockStore(dir), null)) {
            m = BlockMetrics.bind(registry, blocks);
        }
        m.changed(block("aa", null, 0));               // found, not answered yet
        m.changed(block("aa", "accepted", 0));
        m.changed(block("aa", "accepted", 3));         // later confirmation updates: same block
        m.changed(block("bb", "duplicate", 0));
        m.changed(block("cc", "inconclusive-not-best-prevblk", 0));
        m.changed(block("dd", "bad-txnmrklroot", 0));
        m.changed(block("ee", "high-hash", 0));
        assertEquals(1, count(registry, "accepted"));
        assertEquals(1, count(registry, "duplicate"));
        assertEquals(1, count(registry, "inconclusive"));
        assertEquals(2, count(registry, "rejected"));
        assertEquals(4, registry.find("quarry.blocks.submitted").counters().size(), "label values stay bounded");
    }
}
