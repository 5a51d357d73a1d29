package dev.quarry.stratum.job;

import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.merkle.Merkle;
import dev.quarry.pow.sha.Sha256;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.tx.Scripts;
import dev.quarry.stratum.tx.Transaction;
import dev.quarry.stratum.tx.WitnessCommitment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoinbasePropertiesTest {
    private static final byte[] P2WPKH = Hex.decode("0014e6f22ca44dc800e9d049621a3b9a42c509f1c4bc");

    @Property(tries = 300)
    void coinbaseIsAlwaysAWellFormedConsensusValidCoinbase(@ForAll @LongRange(min = 0, max = 0xffffffffL) long height,
                                                           @ForAll @IntRange(min = 0, max = 200) int tagLength,
                                                           @ForAll @IntRange(min = 1, max = 8) int en1Size,
                                                           @ForAll @IntRange(min = 2, max = 16) int en2Size,
                                                           @ForAll @LongRange(min = 0, max = 2_100_000_000_000_000L) long value,
                                                           @ForAll boolean commitment,
                                                           @ForAll long seed) {
        Random r = new Random(seed);
        byte[] tag = new byte[tagLength];
        r.nextBytes(tag);
        CoinbaseConfig cfg = CoinbaseConfig.of(P2WPKH).withPoolTag(tag).withExtranonceSizes(en1Size, en2Size);
        byte[] commitmentScript = commitment ? WitnessCommitment.scriptFor(Sha256.sha256(tag)) : null;
        Coinbase cb = new CoinbaseBuilder(cfg).build(height, value, commitmentScript);

        byte[] en1 = new byte[en1Size], en2 = new byte[en2Size];
        r.nextBytes(en1);
        r.nextBytes(en2);
        Transaction plain = Transaction.parse(cb.nonWitness(en1, en2));
        assertTrue(plain.isCoinbase());
        byte[] scriptSig = plain.inputs().get(0).scriptSig();
        assertTrue(scriptSig.length >= 2 && scriptSig.length <= 100, "scriptSig length " + scriptSig.length);
        byte[] push = Scripts.pushInt(height);
        assertArrayEquals(push, Arrays.copyOf(scriptSig, push.length), "BIP34 prefix");
        assertArrayEquals(en2, Arrays.copyOfRange(scriptSig, scriptSig.length - en2Size, scriptSig.length), "extranonce2 ends the scriptSig");
        assertEquals(value, plain.totalOut());
        assertEquals(commitment, WitnessCommitment.findIndex(plain.outputs()) >= 0);

        Transaction withWitness = Transaction.parse(cb.withWitness(en1, en2));
        assertArrayEquals(plain.txid(), withWitness.txid(), "the witness does not change the txid");
        assertEquals(commitment, withWitness.hasWitness());
        if (commitment) assertArrayEquals(new byte[32], withWitness.inputs().get(0).witness().get(0));
        assertEquals(3L * plain.strippedSize() + withWitness.size(), cb.weight());
    }

    @Property(tries = 100)
    void jobBranchFoldsToTheMerkleRootOfAllTransactions(@ForAll @IntRange(min = 0, max = 300) int txCount, @ForAll long seed) {
        Random r = new Random(seed);
        List<TemplateTransaction> txs = new ArrayList<>();
        List<byte[]> ids = new ArrayList<>();
        for (int i = 0; i < txCount; i++) {
            byte[] id = new byte[32];
            r.nextBytes(id);
            txs.add(new TemplateTransaction(new byte[0], id, id, 1, 0, 400));
            ids.add(id);
        }
        BlockTemplate t = new BlockTemplate("p", 1 + r.nextInt(1_000_000), 0x20000000, new byte[32], 0x1d00ffff, 0, 0,
                5_000_000_000L, txs, null, 80_000, 4_000_000, null);
        Job job = new JobBuilder(new CoinbaseBuilder(CoinbaseConfig.of(P2WPKH))).build(t, true, 0);
        byte[] cbTxid = Sha256.sha256d(JobBuilder.coinbase(job, new byte[4], new byte[8]));
        List<byte[]> all = new ArrayList<>();
        all.add(cbTxid);
        all.addAll(ids);
        assertArrayEquals(Merkle.root(all), Merkle.foldBranch(cbTxid, job.merkleBranch()));
    }
}
