package dev.quarry.stratum.job;

import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.tx.WitnessCommitment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TemplateFitterTest {
    private static final byte[] P2WPKH = Hex.decode("0014e6f22ca44dc800e9d049621a3b9a42c509f1c4bc");
    private static final long SUBSIDY = 312_500_000L;

    private static TemplateTransaction tx(int i, long fee, long sigops, long weight) {
        byte[] txid = new byte[32];
        txid[0] = (byte) i;
        byte[] wtxid = txid.clone();
        wtxid[1] = 1; // has a witness
        return new TemplateTransaction(new byte[0], txid, wtxid, fee, sigops, weight);
    }

    private static BlockTemplate template(List<TemplateTransaction> txs, long sigopLimit, long weightLimit) {
        long fees = 0;
        List<byte[]> wtxids = new ArrayList<>();
        for (TemplateTransaction t : txs) {
            fees += t.fee();
            wtxids.add(t.wtxid());
        }
        return new BlockTemplate("t", 900_000, 0x20000000, new byte[32], 0x1d00ffff, 0, 0, SUBSIDY + fees, txs,
                WitnessCommitment.script(wtxids), sigopLimit, weightLimit, null);
    }

    @Test
    void templateWithinBudgetIsUnchanged() {
        BlockTemplate t = template(List.of(tx(1, 100, 4, 1000), tx(2, 200, 4, 1000)), 80_000, 4_000_000);
        Coinbase cb = new CoinbaseBuilder(CoinbaseConfig.of(P2WPKH)).build(t);
        assertSame(t, TemplateFitter.fit(t, cb));
    }

    @Test
    void dropsTransactionsFromTheEndWhenWeightWouldOverflowAndFixesValueAndCommitment() {
        List<TemplateTransaction> txs = List.of(tx(1, 100, 4, 1000), tx(2, 200, 4, 1000), tx(3, 400, 4, 1000));
        Coinbase cb = new CoinbaseBuilder(CoinbaseConfig.of(P2WPKH)).build(template(txs, 80_000, 4_000_000));
        long reserve = TemplateFitter.reservedWeight(template(txs, 80_000, 4_000_000), cb);
        BlockTemplate tight = template(txs, 80_000, reserve + 2500); // room for two of the three

        BlockTemplate fitted = TemplateFitter.fit(tight, cb);
        assertEquals(2, fitted.transactions().size());
        assertEquals(SUBSIDY + 300, fitted.coinbaseValue());
        assertArrayEquals(WitnessCommitment.script(List.of(txs.get(0).wtxid(), txs.get(1).wtxid())), fitted.defaultWitnessCommitment());
    }

    @Test
    void reservesTheCoinbaseSigOps() {
        List<TemplateTransaction> txs = List.of(tx(1, 100, 400, 1000), tx(2, 200, 400, 1000));
        Coinbase cb = new CoinbaseBuilder(CoinbaseConfig.of(P2WPKH)).build(template(txs, 80_000, 4_000_000));
        long limit = cb.sigOpCostBound() + 799; // the second transaction no longer fits
        BlockTemplate fitted = TemplateFitter.fit(template(txs, limit, 4_000_000), cb);
        assertEquals(1, fitted.transactions().size());
        assertEquals(SUBSIDY + 100, fitted.coinbaseValue());
        BlockTemplate exact = TemplateFitter.fit(template(txs, limit + 1, 4_000_000), cb);
        assertEquals(2, exact.transactions().size());
    }

    @Test
    void jobBuilderUsesTheFittedTemplate() {
        List<TemplateTransaction> txs = List.of(tx(1, 100, 4, 1000), tx(2, 200, 4, 1000), tx(3, 400, 4, 1000));
        JobBuilder b = new JobBuilder(new CoinbaseBuilder(CoinbaseConfig.of(P2WPKH)));
        Coinbase cb = b.coinbaseBuilder().build(template(txs, 80_000, 4_000_000));
        long reserve = TemplateFitter.reservedWeight(template(txs, 80_000, 4_000_000), cb);
        Job job = b.build(template(txs, 80_000, reserve + 1000), false, 0);
        assertEquals(1, job.template().transactions().size());
        assertEquals(1, job.merkleBranch().length);
        assertEquals(SUBSIDY + 100, job.template().coinbaseValue());
    }
}
