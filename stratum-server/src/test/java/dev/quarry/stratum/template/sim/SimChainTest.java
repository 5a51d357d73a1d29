package dev.quarry.stratum.template.sim;

import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.InvalidAddressException;
import dev.quarry.pow.address.Network;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.target.Compact;
import dev.quarry.pow.header.BlockHeader;
import dev.quarry.pow.merkle.Merkle;
import dev.quarry.pow.sha.Sha256;
import dev.quarry.pow.target.Target256;
import dev.quarry.stratum.tx.ByteWriter;
import dev.quarry.stratum.tx.RawBlock;
import dev.quarry.pow.target.Difficulty;
import dev.quarry.stratum.block.BlockAssembler;
import dev.quarry.stratum.block.BlockCandidate;
import dev.quarry.stratum.block.ChainView;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.testutil.TestMiner;
import dev.quarry.stratum.tx.Transaction;
import dev.quarry.stratum.tx.TxIn;
import dev.quarry.stratum.tx.TxOut;
import dev.quarry.stratum.tx.WitnessCommitment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimChainTest {
    private final AtomicLong clock = new AtomicLong(1_750_000_000_000L);
    private final SimChain sim = new SimChain(SimChainConfig.regtest().withSeed(42).withBlockInterval(Duration.ZERO), clock::get);
    private final TestMiner miner = new TestMiner();

    private BlockTemplate t() {
        return sim.current();
    }

    private BlockTemplate with(long height, byte[] prev, int bits, long curTime, long minTime, long value,
                               List<TemplateTransaction> txs, byte[] commitment) {
        return TestMiner.copy(t(), height, prev, bits, curTime, minTime, value, txs, commitment, t().weightLimit());
    }

    @Test
    void templatesHaveSyntheticTransactionsWitnessCommitmentAndRegtestSubsidy() {
        BlockTemplate t = t();
        assertEquals(1, t.height());
        assertEquals(4, t.transactions().size());
        assertNotNull(t.defaultWitnessCommitment());
        assertEquals(50 * 100_000_000L + t.totalFees(), t.coinbaseValue());
        boolean someWitness = false;
        for (TemplateTransaction tx : t.transactions()) {
            Transaction parsed = Transaction.parse(tx.data());
            assertEquals(Hex.encode(tx.txid()), Hex.encode(parsed.txid()));
            assertEquals(Hex.encode(tx.wtxid()), Hex.encode(parsed.wtxid()));
            assertEquals(parsed.weight(), tx.weight());
            someWitness |= parsed.hasWitness();
        }
        assertTrue(someWitness);
        List<byte[]> wtxids = new ArrayList<>();
        t.transactions().forEach(x -> wtxids.add(x.wtxid()));
        assertEquals(Hex.encode(WitnessCommitment.script(wtxids)), Hex.encode(t.defaultWitnessCommitment()));
        assertTrue(miner.job(t).merkleBranch().length > 0);
    }

    @Test
    void subsidyHalvesOnTheConfiguredSchedule() {
        assertEquals(5_000_000_000L, sim.subsidyAt(149));
        assertEquals(2_500_000_000L, sim.subsidyAt(150));
        assertEquals(1_250_000_000L, sim.subsidyAt(300));
        SimChain mainnet = new SimChain(SimChainConfig.regtest().withHalvingInterval(210_000), clock::get);
        assertEquals(5_000_000_000L, mainnet.subsidyAt(209_999));
        assertEquals(312_500_000L, mainnet.subsidyAt(840_000));
        assertEquals(0, mainnet.subsidyAt(64L * 210_000));
    }

    @Test
    void difficultyCanBeSetAsNbitsOrDifficulty() {
        assertEquals(0x1d00ffff, SimChainConfig.bitsForDifficulty(1.0));
        int tiny = SimChainConfig.bitsForDifficulty(1e-6);
        assertEquals(1e-6, Difficulty.network(tiny), 1e-9);
        assertEquals(SimChainConfig.REGTEST_POW_LIMIT_BITS, SimChainConfig.bitsForDifficulty(1e-30), "capped at regtest's limit");
        assertEquals(0x17023a04, SimChainConfig.mainnetLike().bits());
        assertThrows(IllegalArgumentException.class, () -> SimChainConfig.regtest().withBits(0x2100ffff));
        assertThrows(IllegalArgumentException.class, () -> SimChainConfig.regtest().withDifficulty(0));
    }

    @Test
    void acceptsAValidMinedBlockAdvancesTipAndPushesANewTemplate() throws Exception {
        LinkedBlockingQueue<BlockTemplate> pushed = new LinkedBlockingQueue<>();
        sim.start(pushed::add);
        try {
            BlockTemplate first = pushed.poll(5, TimeUnit.SECONDS);
            assertNotNull(first);
            BlockCandidate c = miner.mine(first);
            assertNull(sim.submitBlock(new BlockAssembler().assemble(c)));
            assertEquals(1, sim.height());
            String hash = Hex.encode(Hex.reversed(c.blockHash()));
            assertEquals(hash, sim.tip().hash());
            assertTrue(sim.tip().foundByUs());
            assertEquals(first.coinbaseValue(), sim.tip().reward());
            BlockTemplate next = pushed.poll(5, TimeUnit.SECONDS);
            assertNotNull(next);
            assertEquals(2, next.height());
            assertEquals(Hex.encode(c.blockHash()), Hex.encode(next.previousBlockHash()));
            assertEquals(1, sim.confirmations(c.blockHash()));
            sim.mineElsewhere();
            assertEquals(2, sim.confirmations(c.blockHash()));
            assertFalse(sim.tip().foundByUs());
            assertEquals("duplicate", sim.submitBlock(new BlockAssembler().assemble(c)));
        } finally {
            sim.close();
        }
    }

    @Test
    void blockFoundElsewhereAfterTheIntervalAdvancesTheTip() throws Exception {
        SimChain fast = new SimChain(SimChainConfig.regtest().withSeed(1).withBlockInterval(Duration.ofMillis(200)));
        LinkedBlockingQueue<BlockTemplate> pushed = new LinkedBlockingQueue<>();
        fast.start(pushed::add);
        try {
            BlockTemplate first = pushed.poll(5, TimeUnit.SECONDS);
            BlockTemplate second = pushed.poll(5, TimeUnit.SECONDS);
            assertNotNull(second, "someone else found a block within the interval");
            assertEquals(first.height() + 1, second.height());
            assertNotEquals(Hex.encode(first.previousBlockHash()), Hex.encode(second.previousBlockHash()));
            assertFalse(fast.tip().foundByUs());
        } finally {
            fast.close();
        }
    }

    @Test
    void rejectsBlockAboveTarget() {
        BlockCandidate c = miner.mine(miner.job(t()), false);
        assertEquals("high-hash", sim.submitBlock(new BlockAssembler().assemble(c)));
        assertEquals(0, sim.height());
    }

    @Test
    void rejectsBadMerkleRoot() {
        BlockTemplate t = t();
        List<TemplateTransaction> txs = t.transactions();
        assertFalse(Transaction.parse(txs.get(txs.size() - 1).data()).hasWitness(), "precondition: the last tx has no witness");
        byte[] block = miner.mineBlock(t);
        block[block.length - 5] ^= 1; // last script byte of the last tx: changes its txid, not the header
        assertEquals("bad-txnmrklroot", sim.submitBlock(block));
    }

    @Test
    void rejectsWrongBip34Height() {
        BlockTemplate t = t();
        BlockTemplate wrong = with(t.height() + 1, t.previousBlockHash(), t.bits(), t.curTime(), t.minTime(), t.coinbaseValue(),
                t.transactions(), t.defaultWitnessCommitment());
        assertEquals("bad-cb-height", sim.submitBlock(miner.mineBlock(wrong)));
    }

    @Test
    void rejectsWrongWitnessCommitment() {
        BlockTemplate t = t();
        BlockTemplate wrong = with(t.height(), t.previousBlockHash(), t.bits(), t.curTime(), t.minTime(), t.coinbaseValue(),
                t.transactions(), WitnessCommitment.script(List.of()));
        assertEquals("bad-witness-merkle-match", sim.submitBlock(miner.mineBlock(wrong)));
    }

    @Test
    void rejectsCoinbaseClaimingMoreThanSubsidyPlusFeesAndRemembersIt() {
        BlockTemplate t = t();
        BlockTemplate greedy = with(t.height(), t.previousBlockHash(), t.bits(), t.curTime(), t.minTime(), t.coinbaseValue() + 1,
                t.transactions(), t.defaultWitnessCommitment());
        byte[] block = miner.mineBlock(greedy);
        assertEquals("bad-cb-amount", sim.submitBlock(block));
        assertEquals("duplicate-invalid", sim.submitBlock(block));
    }

    @Test
    void acceptsCoinbaseClaimingExactlySubsidyPlusFees() {
        assertNull(sim.submitBlock(miner.mineBlock(t())));
    }

    @Test
    void rejectsUnknownPreviousBlock() {
        BlockTemplate t = t();
        byte[] prev = new byte[32];
        prev[5] = 9;
        BlockTemplate orphan = with(t.height(), prev, t.bits(), t.curTime(), t.minTime(), t.coinbaseValue(), t.transactions(),
                t.defaultWitnessCommitment());
        assertEquals("prev-blk-not-found", sim.submitBlock(miner.mineBlock(orphan)));
    }

    @Test
    void validBlockOnAFormerTipIsNotBest() {
        BlockTemplate t = t();
        byte[] block = miner.mineBlock(t);
        sim.mineElsewhere();
        assertEquals("inconclusive-not-best-prevblk", sim.submitBlock(block));
    }

    @Test
    void rejectsWrongDifficultyBits() {
        BlockTemplate t = t();
        BlockTemplate wrong = with(t.height(), t.previousBlockHash(), 0x207ffffe, t.curTime(), t.minTime(), t.coinbaseValue(),
                t.transactions(), t.defaultWitnessCommitment());
        assertEquals("bad-diffbits", sim.submitBlock(miner.mineBlock(wrong)));
    }

    @Test
    void rejectsTimeNotAfterMedianTimePastAndTooFarAhead() {
        BlockTemplate t = t();
        long mtp = t.minTime() - 1;
        BlockTemplate old = with(t.height(), t.previousBlockHash(), t.bits(), mtp, 0, t.coinbaseValue(), t.transactions(),
                t.defaultWitnessCommitment());
        assertEquals("time-too-old", sim.submitBlock(miner.mineBlock(old)));
        long now = clock.get() / 1000;
        BlockTemplate future = with(t.height(), t.previousBlockHash(), t.bits(), now + 7201, 0, t.coinbaseValue(), t.transactions(),
                t.defaultWitnessCommitment());
        assertEquals("time-too-new", sim.submitBlock(miner.mineBlock(future)));
    }

    @Test
    void rejectsTransactionsTheNodeDoesNotKnow() {
        BlockTemplate t = t();
        TemplateTransaction stranger = new SyntheticTransactions(999).next(true);
        List<TemplateTransaction> txs = new ArrayList<>(t.transactions());
        txs.add(stranger);
        List<byte[]> wtxids = new ArrayList<>();
        txs.forEach(x -> wtxids.add(x.wtxid()));
        BlockTemplate bad = with(t.height(), t.previousBlockHash(), t.bits(), t.curTime(), t.minTime(), t.coinbaseValue(), txs,
                WitnessCommitment.script(wtxids));
        assertEquals("bad-txns-inputs-missingorspent", sim.submitBlock(miner.mineBlock(bad)));
    }

    @Test
    void rejectsOversizedBlock() {
        BlockTemplate t = t();
        // one legacy transaction of 1.1 MB stripped size: above the 4,000,000 weight units × 1/4 limit
        Transaction huge = new Transaction(2, List.of(new TxIn(bytes(32, 7), 0, new byte[0], -1, List.of())),
                List.of(new TxOut(0, opReturn(1_100_000))), 0);
        List<TemplateTransaction> txs = new ArrayList<>(t.transactions());
        txs.add(new TemplateTransaction(huge.bytes(), huge.txid(), huge.wtxid(), 0, 0, huge.weight()));
        List<byte[]> wtxids = new ArrayList<>();
        txs.forEach(x -> wtxids.add(x.wtxid()));
        BlockTemplate big = TestMiner.copy(t, t.height(), t.previousBlockHash(), t.bits(), t.curTime(), t.minTime(), t.coinbaseValue(),
                txs, WitnessCommitment.script(wtxids), 10_000_000);
        assertEquals("bad-blk-length", sim.submitBlock(miner.mineBlock(big)));
    }

    @Test
    void rejectsUndecodableData() {
        assertEquals("Block decode failed", sim.submitBlock(new byte[] {1, 2, 3}));
        byte[] block = miner.mineBlock(t());
        byte[] longer = java.util.Arrays.copyOf(block, block.length + 1);
        assertEquals("Block decode failed", sim.submitBlock(longer));
        assertEquals("Block decode failed", sim.submitBlock(java.util.Arrays.copyOf(block, block.length - 1)));
    }

    @Test
    void knowsConfirmationsAndOrphansDirectly() {
        BlockCandidate c = miner.mine(t());
        assertEquals(ChainView.UNKNOWN, sim.confirmations(c.blockHash()));
        assertNull(sim.submitBlock(new BlockAssembler().assemble(c)));
        sim.mineElsewhere();
        assertEquals(2, sim.confirmations(c.blockHash()));
        sim.reorganize(2);
        assertEquals(ChainView.ORPHANED, sim.confirmations(c.blockHash()));
        assertEquals(3, sim.height());
        assertTrue(sim.block(Hex.encode(Hex.reversed(c.blockHash()))).foundByUs());
    }

    @Test
    void fakeWalletRecordsPaymentsAndReturnsTxids() {
        String one = BitcoinAddress.fromScriptPubKey(TestMiner.PAYOUT, Network.REGTEST).toString();
        String two = BitcoinAddress.fromScriptPubKey(Hex.decode("a914d23fcdf86f7e756a64a7a9688ef9903327048ed987"), Network.REGTEST).toString();
        String a = sim.sendToAddress(one, 1000);
        String b = sim.sendMany(Map.of(one, 5L, two, 7L));
        assertTrue(a.matches("[0-9a-f]{64}"));
        assertNotEquals(a, b);
        assertEquals(2, sim.payments().size());
        assertEquals(12L, sim.payments().get(1).outputs().values().stream().mapToLong(Long::longValue).sum());
        assertThrows(IllegalArgumentException.class, () -> sim.sendToAddress(one, 0));
        String mainnet = BitcoinAddress.fromScriptPubKey(TestMiner.PAYOUT, Network.MAINNET).toString();
        assertThrows(InvalidAddressException.class, () -> sim.sendToAddress(mainnet, 10), "wrong network, as bitcoind would refuse");
        assertThrows(InvalidAddressException.class, () -> sim.sendToAddress(" ", 10));
        assertEquals(2, sim.payments().size(), "refused payments are not recorded");
        assertEquals(Network.REGTEST, sim.network());
    }

    @Test
    void tinyDifficultyStillNeedsRealWork() {
        SimChain hard = new SimChain(SimChainConfig.regtest().withSeed(3).withDifficulty(1e-4).withBlockInterval(Duration.ZERO), clock::get);
        BlockTemplate t = hard.current();
        assertEquals(Compact.fromTarget(Difficulty.shareTarget(1e-4)), t.bits());
        assertNull(hard.submitBlock(miner.mineBlock(t)));
        assertEquals("high-hash", hard.submitBlock(new BlockAssembler().assemble(miner.mine(miner.job(hard.current()), false))));
    }

    private static byte[] bytes(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    private static byte[] opReturn(int n) {
        byte[] s = new byte[n];
        s[0] = 0x6a;
        return s;
    }

    // ---- blocks broken by hand: decode a valid block, change its transactions, fix the merkle root, re-mine ----

    private RawBlock validBlock() {
        return RawBlock.parse(miner.mineBlock(t()));
    }

    /** Serializes a block with these transactions, the right merkle root and a header that meets nBits. */
    private static byte[] remine(RawBlock base, List<Transaction> txs) {
        List<byte[]> txids = new ArrayList<>();
        txs.forEach(tx -> txids.add(tx.txid()));
        byte[] root = Merkle.root(txids);
        Target256 target = Target256.of(Compact.toTarget(base.bits()));
        for (int nonce = 0; nonce < 1 << 20; nonce++) {
            byte[] header = BlockHeader.build(base.version(), base.prevHash(), root, base.time(), base.bits(), nonce);
            if (target.isMetBy(Sha256.sha256d(header))) {
                ByteWriter w = new ByteWriter().bytes(header).varInt(txs.size());
                txs.forEach(tx -> w.bytes(tx.bytes()));
                return w.toByteArray();
            }
        }
        throw new IllegalStateException("no nonce");
    }

    private static Transaction withCoinbaseInput(Transaction cb, byte[] scriptSig, List<byte[]> witness, List<TxOut> outputs) {
        TxIn in = cb.inputs().get(0);
        return new Transaction(cb.version(), List.of(new TxIn(in.prevTxid(), in.prevVout(), scriptSig, in.sequence(), witness)), outputs, cb.lockTime());
    }

    private static List<Transaction> replaceCoinbase(RawBlock b, Transaction cb) {
        List<Transaction> txs = new ArrayList<>(b.transactions());
        txs.set(0, cb);
        return txs;
    }

    @Test
    void remineHelperProducesAcceptableBlocks() {
        RawBlock b = validBlock();
        assertNull(sim.submitBlock(remine(b, b.transactions())), "control: re-mining an unchanged block keeps it valid");
    }

    @Test
    void rejectsCoinbaseScriptSigOutside2To100Bytes() {
        RawBlock b = validBlock();
        Transaction cb = b.transactions().get(0);
        Transaction shortSig = withCoinbaseInput(cb, new byte[] {0x51}, cb.inputs().get(0).witness(), cb.outputs());
        assertEquals("bad-cb-length", sim.submitBlock(remine(b, replaceCoinbase(b, shortSig))));
        byte[] longSig = java.util.Arrays.copyOf(cb.inputs().get(0).scriptSig(), 101);
        Transaction longCb = withCoinbaseInput(cb, longSig, cb.inputs().get(0).witness(), cb.outputs());
        assertEquals("bad-cb-length", sim.submitBlock(remine(b, replaceCoinbase(b, longCb))));
    }

    @Test
    void rejectsASecondCoinbase() {
        RawBlock b = validBlock();
        List<Transaction> txs = new ArrayList<>(b.transactions());
        Transaction cb = txs.get(0);
        txs.add(withCoinbaseInput(cb, new byte[] {0x51, 0x52}, List.of(), cb.outputs()));
        assertEquals("bad-cb-multiple", sim.submitBlock(remine(b, txs)));
    }

    @Test
    void rejectsWitnessReservedValueOfTheWrongSize() {
        RawBlock b = validBlock();
        Transaction cb = b.transactions().get(0);
        Transaction bad = withCoinbaseInput(cb, cb.inputs().get(0).scriptSig(), List.of(new byte[31]), cb.outputs());
        assertEquals("bad-witness-nonce-size", sim.submitBlock(remine(b, replaceCoinbase(b, bad))));
    }

    @Test
    void rejectsWitnessDataWithoutCommitment() {
        RawBlock b = validBlock();
        Transaction cb = b.transactions().get(0);
        List<TxOut> outs = new ArrayList<>(cb.outputs());
        outs.remove(WitnessCommitment.findIndex(outs));
        Transaction noCommitment = withCoinbaseInput(cb, cb.inputs().get(0).scriptSig(), List.of(), outs);
        assertEquals("unexpected-witness", sim.submitBlock(remine(b, replaceCoinbase(b, noCommitment))));
    }

    @Test
    void rejectsMerkleMutationByDuplicatingTheLastTransaction() {
        RawBlock b = validBlock();
        List<Transaction> txs = new ArrayList<>(b.transactions());
        assertEquals(5, txs.size());
        txs.add(txs.get(4)); // CVE-2012-2459: same merkle root as the valid block
        byte[] mutated = remine(b, txs);
        assertEquals(Hex.encode(b.merkleRoot()), Hex.encode(RawBlock.parse(mutated).merkleRoot()));
        assertEquals("bad-txns-duplicate", sim.submitBlock(mutated));
    }

    @Test
    void rejectsTheSameTransactionTwiceElsewhereInTheBlockAsDoubleSpend() {
        RawBlock b = validBlock();
        List<Transaction> txs = new ArrayList<>(b.transactions());
        txs.add(txs.get(1));
        // keep the witness commitment right so that the block reaches the spend checks
        List<byte[]> wtxids = new ArrayList<>();
        txs.subList(1, txs.size()).forEach(tx -> wtxids.add(tx.wtxid()));
        Transaction cb = txs.get(0);
        List<TxOut> outs = new ArrayList<>(cb.outputs());
        outs.set(WitnessCommitment.findIndex(outs), new TxOut(0, WitnessCommitment.script(wtxids)));
        txs.set(0, withCoinbaseInput(cb, cb.inputs().get(0).scriptSig(), cb.inputs().get(0).witness(), outs));
        assertEquals("bad-txns-inputs-missingorspent", sim.submitBlock(remine(b, txs)));
    }
}
