package dev.quarry.stratum.block;

import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateSource;
import dev.quarry.stratum.template.sim.SimChain;
import dev.quarry.stratum.template.sim.SimChainConfig;
import dev.quarry.stratum.testutil.BitcoinjCheck;
import dev.quarry.stratum.testutil.TestMiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockSubmitterTest {
    @TempDir
    Path dir;

    private final List<ScheduledExecutorService> executors = new ArrayList<>();
    private final SimChain sim = new SimChain(SimChainConfig.regtest().withSeed(11).withBlockInterval(Duration.ZERO));
    private final TestMiner miner = new TestMiner();

    @AfterEach
    void stop() {
        executors.forEach(ScheduledExecutorService::shutdownNow);
        sim.close();
    }

    /** A TemplateSource whose submitBlock is scripted by the test. */
    private interface Submit {
        String apply(byte[] block) throws IOException;
    }

    private static TemplateSource source(Submit submit) {
        return new TemplateSource() {
            @Override
            public void start(Consumer<BlockTemplate> listener) {
            }

            @Override
            public BlockTemplate current() {
                return null;
            }

            @Override
            public String submitBlock(byte[] block) throws IOException {
                BitcoinjCheck.check(block, true); // every block the submitter sends is checked by bitcoinj
                return submit.apply(block);
            }

            @Override
            public void close() {
            }
        };
    }

    private BlockSubmitter submitter(TemplateSource source) throws IOException {
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
        executors.add(exec);
        return new BlockSubmitter(new BlockStore(dir), source, new BlockAssembler(), exec, Duration.ofMillis(5), Duration.ofMillis(40),
                System::currentTimeMillis);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    private static String hashOf(BlockCandidate c) {
        return Hex.encode(Hex.reversed(c.blockHash()));
    }

    @Test
    void writesTheBlockToDiskBeforeSubmittingAndRecordsTheVerdict() throws Exception {
        BlockCandidate c = miner.mine(sim.current());
        byte[] expected = new BlockAssembler().assemble(c);
        Path file = new BlockStore(dir).blockFile(c.job().height(), hashOf(c));
        List<String> onDiskAtSubmit = Collections.synchronizedList(new ArrayList<>());
        BlockSubmitter s = submitter(source(block -> {
            onDiskAtSubmit.add(Files.exists(file) ? Files.readString(file).trim() : "missing");
            return sim.submitBlock(block);
        }));
        List<FoundBlock> events = Collections.synchronizedList(new ArrayList<>());
        s.addListener(events::add);

        s.blockFound(c);
        await(() -> s.block(hashOf(c)).verdict() != null, "verdict");

        assertEquals(List.of(Hex.encode(expected)), onDiskAtSubmit, "the exact block was on disk when it was submitted");
        FoundBlock b = s.block(hashOf(c));
        assertEquals(FoundBlock.Status.ACCEPTED, b.status());
        assertEquals("accepted", b.verdict());
        assertEquals(1, b.height());
        assertEquals(c.job().template().coinbaseValue(), b.reward());
        assertEquals("contract1.rig7", b.finder());
        assertEquals("accepted", Files.readString(new BlockStore(dir).verdictFile(1, hashOf(c)), StandardCharsets.UTF_8).trim());
        assertEquals(FoundBlock.Status.SUBMITTING, events.get(0).status());
        assertEquals(FoundBlock.Status.ACCEPTED, events.get(events.size() - 1).status());
        assertEquals(hashOf(c), sim.tip().hash());
    }

    @Test
    void retriesWhileTheNodeIsUnreachableThenRecordsItsAnswer() throws Exception {
        BlockCandidate c = miner.mine(sim.current());
        Path verdict = new BlockStore(dir).verdictFile(1, hashOf(c));
        AtomicInteger calls = new AtomicInteger();
        List<Boolean> verdictExistedDuringFailures = Collections.synchronizedList(new ArrayList<>());
        BlockSubmitter s = submitter(source(block -> {
            if (calls.incrementAndGet() <= 4) {
                verdictExistedDuringFailures.add(Files.exists(verdict));
                throw new IOException("connection refused");
            }
            return sim.submitBlock(block);
        }));
        s.blockFound(c);
        await(() -> s.block(hashOf(c)).verdict() != null, "verdict after retries");
        assertEquals(5, calls.get());
        assertEquals(List.of(false, false, false, false), verdictExistedDuringFailures);
        assertEquals(FoundBlock.Status.ACCEPTED, s.block(hashOf(c)).status());
        assertTrue(Files.exists(verdict));
    }

    @Test
    void backoffDoublesUpToTheMaximum() throws IOException {
        BlockSubmitter s = submitter(source(b -> null));
        assertEquals(5, s.backoffMillis(0));
        assertEquals(10, s.backoffMillis(1));
        assertEquals(40, s.backoffMillis(3));
        assertEquals(40, s.backoffMillis(30));
    }

    @Test
    void restartResubmitsOnlyBlocksWithoutVerdict() throws Exception {
        // block A: answered before the "crash"; block B: the node never answered
        BlockCandidate a = miner.mine(sim.current());
        BlockSubmitter first = submitter(source(sim::submitBlock));
        first.blockFound(a);
        await(() -> first.block(hashOf(a)).verdict() != null, "verdict of A");

        BlockCandidate b = miner.mine(sim.current());
        AtomicInteger failures = new AtomicInteger();
        BlockSubmitter down = submitter(source(block -> {
            failures.incrementAndGet();
            throw new IOException("node down");
        }));
        down.blockFound(b);
        await(() -> failures.get() >= 2, "failed attempts for B");
        executors.forEach(ScheduledExecutorService::shutdownNow); // the crash
        assertTrue(Files.exists(new BlockStore(dir).blockFile(2, hashOf(b))));
        assertFalse(Files.exists(new BlockStore(dir).verdictFile(2, hashOf(b))));

        List<byte[]> resubmitted = Collections.synchronizedList(new ArrayList<>());
        BlockSubmitter restarted = submitter(source(block -> {
            resubmitted.add(block);
            return sim.submitBlock(block);
        }));
        assertEquals(1, restarted.recover());
        await(() -> restarted.block(hashOf(b)).verdict() != null, "verdict of B after restart");
        assertEquals(1, resubmitted.size());
        assertArrayEquals(new BlockAssembler().assemble(b), resubmitted.get(0));
        assertEquals(FoundBlock.Status.ACCEPTED, restarted.block(hashOf(b)).status());
        assertEquals("contract1.rig7", restarted.block(hashOf(b)).finder());
        assertEquals(FoundBlock.Status.ACCEPTED, restarted.block(hashOf(a)).status(), "A is known from its verdict file");
        assertEquals(2, sim.height());
    }

    @Test
    void duplicateAnswerAfterARestartCountsAsAccepted() throws Exception {
        BlockCandidate c = miner.mine(sim.current());
        assertNull(sim.submitBlock(new BlockAssembler().assemble(c))); // the node got it, but we never recorded it
        new BlockStore(dir).writeBlock(new FoundBlock(1, hashOf(c), 5, "w", 0, null, FoundBlock.Status.SUBMITTING, 0),
                new BlockAssembler().assemble(c));
        BlockSubmitter s = submitter(source(sim::submitBlock));
        assertEquals(1, s.recover());
        await(() -> s.block(hashOf(c)).verdict() != null, "verdict");
        assertEquals("duplicate", s.block(hashOf(c)).verdict());
        assertEquals(FoundBlock.Status.ACCEPTED, s.block(hashOf(c)).status());
    }

    @Test
    void rejectionIsRecordedWithTheNodesReason() throws Exception {
        BlockCandidate c = miner.mine(sim.current());
        BlockSubmitter s = submitter(source(block -> "bad-cb-amount"));
        s.blockFound(c);
        await(() -> s.block(hashOf(c)).verdict() != null, "verdict");
        assertEquals(FoundBlock.Status.REJECTED, s.block(hashOf(c)).status());
        assertEquals("bad-cb-amount", Files.readString(new BlockStore(dir).verdictFile(1, hashOf(c))).trim());
    }

    @Test
    void followsConfirmationsAndOrphaningThroughTheChain() throws Exception {
        BlockCandidate c = miner.mine(sim.current());
        BlockSubmitter s = submitter(source(sim::submitBlock));
        s.blockFound(c);
        await(() -> s.block(hashOf(c)).verdict() != null, "verdict");
        s.updateConfirmations(sim);
        assertEquals(FoundBlock.Status.CONFIRMED, s.block(hashOf(c)).status());
        assertEquals(1, s.block(hashOf(c)).confirmations());
        sim.mineElsewhere();
        sim.mineElsewhere();
        s.updateConfirmations(sim);
        assertEquals(3, s.block(hashOf(c)).confirmations());
        sim.reorganize(3);
        s.updateConfirmations(sim);
        assertEquals(FoundBlock.Status.ORPHANED, s.block(hashOf(c)).status());
    }

    @Test
    void sameBlockTwiceIsSubmittedOnce() throws Exception {
        BlockCandidate c = miner.mine(sim.current());
        AtomicInteger calls = new AtomicInteger();
        BlockSubmitter s = submitter(source(block -> {
            calls.incrementAndGet();
            return sim.submitBlock(block);
        }));
        s.blockFound(c);
        s.blockFound(c);
        await(() -> s.block(hashOf(c)).verdict() != null, "verdict");
        assertEquals(1, calls.get());
        assertEquals(1, s.blocks().size());
    }
}
