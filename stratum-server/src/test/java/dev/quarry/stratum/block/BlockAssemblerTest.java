package dev.quarry.stratum.block;

import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.sim.SimChain;
import dev.quarry.stratum.template.sim.SimChainConfig;
import dev.quarry.stratum.testutil.BitcoinjCheck;
import dev.quarry.stratum.testutil.TestMiner;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Context;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.params.RegTestParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every block we assemble is parsed and checked by an independent implementation: bitcoinj. */
class BlockAssemblerTest {
    private final TestMiner miner = new TestMiner();

    @BeforeAll
    static void bitcoinjContext() {
        Context.propagate(new Context()); // bitcoinj's verification reads its thread-local context
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5, 16})
    void bitcoinjParsesOurBlocksAndAgreesOnMerkleRootWitnessCommitmentAndPow(int txs) throws Exception {
        SimChain sim = new SimChain(SimChainConfig.regtest().withSeed(txs).withTxsPerTemplate(txs).withBlockInterval(Duration.ZERO));
        for (int round = 0; round < 18; round++) { // heights 1..18: OP_N heights and pushed heights
            BlockTemplate t = sim.current();
            Job job = miner.job(t);
            // a miner that rolls version bits inside the BIP320 mask
            BlockCandidate c = miner.mine(job, true, StratumCodec.rollVersion(job.version(), 0x00a6e000, 0x1fffe000));
            byte[] bytes = new BlockAssembler().assemble(c);
            checkWithBitcoinj(bytes, c, t);
            assertNull(sim.submitBlock(bytes), "SimChain accepts it too");
        }
    }

    private static void checkWithBitcoinj(byte[] bytes, BlockCandidate c, BlockTemplate t) throws Exception {
        Block block = Block.read(ByteBuffer.wrap(bytes));
        assertEquals(Hex.encode(Hex.reversed(c.blockHash())), block.getHashAsString());
        assertEquals(t.transactions().size() + 1, block.getTransactions().size());
        for (int i = 0; i < t.transactions().size(); i++) {
            assertArrayEquals(t.transactions().get(i).txid(), block.getTransactions().get(i + 1).getTxId().getReversedBytes());
        }
        // header PoW against its nBits, merkle root over the txids, BIP34 height in the coinbase
        Block.verify(RegTestParams.get(), block, (int) t.height(), EnumSet.of(Block.VerifyFlag.HEIGHT_IN_COINBASE));

        Transaction coinbase = block.getTransactions().get(0);
        assertTrue(coinbase.isCoinBase());
        assertTrue(coinbase.hasWitnesses(), "segwit block: the coinbase carries the witness reserved value");
        byte[] reserved = coinbase.getInput(0).getWitness().getPush(0);
        assertArrayEquals(new byte[32], reserved);
        byte[] commitmentScript = null;
        for (TransactionOutput out : coinbase.getOutputs()) {
            byte[] s = out.getScriptBytes();
            if (s.length >= 38 && Hex.encode(s, 0, 6).equals("6a24aa21a9ed")) commitmentScript = s;
        }
        assertTrue(commitmentScript != null, "witness commitment output present");
        byte[] expected = Sha256Hash.hashTwice(concat(block.getWitnessRoot().getReversedBytes(), reserved));
        assertArrayEquals(expected, Arrays.copyOfRange(commitmentScript, 6, 38), "commitment = sha256d(bitcoinj's witness root ‖ reserved)");
        // bitcoinj's own (package-private) witness check as well
        Method check = Block.class.getDeclaredMethod("checkWitnessRoot");
        check.setAccessible(true);
        check.invoke(block);
        assertEquals(t.coinbaseValue(), coinbase.getOutputSum().value);
    }

    @Test
    void blockWithoutWitnessCommitmentCarriesNoCoinbaseWitness() throws Exception {
        SimChain sim = new SimChain(SimChainConfig.regtest().withSeed(5).withBlockInterval(Duration.ZERO));
        BlockTemplate t = sim.current();
        // a pre-segwit style template: legacy transactions only, no commitment
        var legacy = t.transactions().stream().filter(x -> Arrays.equals(x.txid(), x.wtxid())).toList();
        BlockTemplate plain = TestMiner.copy(t, t.height(), t.previousBlockHash(), t.bits(), t.curTime(), t.minTime(),
                t.coinbaseValue(), legacy, null, t.weightLimit());
        BlockCandidate c = miner.mine(plain);
        Block block = Block.read(ByteBuffer.wrap(new BlockAssembler().assemble(c)));
        Block.verify(RegTestParams.get(), block, (int) t.height(), EnumSet.of(Block.VerifyFlag.HEIGHT_IN_COINBASE));
        assertTrue(!block.getTransactions().get(0).hasWitnesses());
    }

    @Test
    void refusesAHeaderThatDoesNotCommitToTheCoinbase() {
        SimChain sim = new SimChain(SimChainConfig.regtest().withSeed(6).withBlockInterval(Duration.ZERO));
        BlockCandidate c = miner.mine(sim.current());
        byte[] otherEn2 = c.extranonce2().clone();
        otherEn2[0] ^= 1;
        BlockCandidate wrong = new BlockCandidate(c.job(), c.extranonce1(), otherEn2, c.header(), c.blockHash(), c.finder());
        assertThrows(IllegalArgumentException.class, () -> new BlockAssembler().assemble(wrong));
    }

    @Test
    void theBitcoinjCheckUsedByOtherTestsHasTeeth() {
        SimChain sim = new SimChain(SimChainConfig.regtest().withSeed(7).withBlockInterval(Duration.ZERO));
        BlockTemplate t = sim.current();
        byte[] good = miner.mineBlock(t);
        BitcoinjCheck.check(good, true);
        byte[] badTx = good.clone();
        badTx[badTx.length - 5] ^= 1; // inside the last (legacy) transaction
        assertThrows(AssertionError.class, () -> BitcoinjCheck.check(badTx, false));
        BlockTemplate wrongCommitment = TestMiner.copy(t, t.height(), t.previousBlockHash(), t.bits(), t.curTime(), t.minTime(),
                t.coinbaseValue(), t.transactions(), dev.quarry.stratum.tx.WitnessCommitment.script(java.util.List.of()), t.weightLimit());
        byte[] badWitness = new BlockAssembler().assemble(miner.mine(wrongCommitment));
        BitcoinjCheck.check(badWitness, false);
        assertThrows(AssertionError.class, () -> BitcoinjCheck.check(badWitness, true));
        byte[] highHash = new BlockAssembler().assemble(miner.mine(miner.job(t), false));
        assertThrows(AssertionError.class, () -> BitcoinjCheck.check(highHash, false));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
