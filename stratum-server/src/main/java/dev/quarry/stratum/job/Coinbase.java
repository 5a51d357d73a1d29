package dev.quarry.stratum.job;

import dev.quarry.stratum.tx.ByteWriter;
import dev.quarry.stratum.tx.TxOut;
import dev.quarry.stratum.tx.WitnessCommitment;

import java.util.List;

/**
 * A coinbase split for Stratum: {@code coinb1 | extranonce1 | extranonce2 | coinb2} is the non-witness
 * serialization (what miners hash). {@link #withWitness} gives the serialization that goes into the block.
 */
public final class Coinbase {
    private final byte[] coinb1;
    private final byte[] coinb2;
    private final int extranonce1Size;
    private final int extranonce2Size;
    private final List<TxOut> outputs;
    private final boolean witnessCommitment;
    private final int scriptSigLength;
    private final int fixedScriptSigSigOps;

    Coinbase(byte[] coinb1, byte[] coinb2, int extranonce1Size, int extranonce2Size, List<TxOut> outputs,
             boolean witnessCommitment, int scriptSigLength, int fixedScriptSigSigOps) {
        this.coinb1 = coinb1;
        this.coinb2 = coinb2;
        this.extranonce1Size = extranonce1Size;
        this.extranonce2Size = extranonce2Size;
        this.outputs = List.copyOf(outputs);
        this.witnessCommitment = witnessCommitment;
        this.scriptSigLength = scriptSigLength;
        this.fixedScriptSigSigOps = fixedScriptSigSigOps;
    }

    public byte[] coinb1() {
        return coinb1.clone();
    }

    public byte[] coinb2() {
        return coinb2.clone();
    }

    public int extranonce1Size() {
        return extranonce1Size;
    }

    public int extranonce2Size() {
        return extranonce2Size;
    }

    public List<TxOut> outputs() {
        return outputs;
    }

    public long totalValue() {
        long sum = 0;
        for (TxOut o : outputs) sum += o.value();
        return sum;
    }

    /** True when the coinbase carries a witness commitment output, so the block coinbase needs its witness. */
    public boolean hasWitnessCommitment() {
        return witnessCommitment;
    }

    public int scriptSigLength() {
        return scriptSigLength;
    }

    /** Non-witness serialization (the Stratum coinbase; its sha256d is the txid). */
    public byte[] nonWitness(byte[] extranonce1, byte[] extranonce2) {
        return join(coinb1, extranonce1, extranonce2, coinb2);
    }

    /**
     * Serialization for the block: with marker/flag and one witness item (the 32-byte zero reserved value)
     * when the coinbase commits to witnesses; otherwise identical to {@link #nonWitness}.
     */
    public byte[] withWitness(byte[] extranonce1, byte[] extranonce2) {
        byte[] plain = nonWitness(extranonce1, extranonce2);
        return witnessCommitment ? addReservedWitness(plain) : plain;
    }

    /** Inserts marker/flag after the version and the reserved-value witness before the locktime. */
    public static byte[] addReservedWitness(byte[] nonWitnessCoinbase) {
        int n = nonWitnessCoinbase.length;
        ByteWriter w = new ByteWriter(n + 2 + 34);
        w.bytes(nonWitnessCoinbase, 0, 4).u8(0).u8(1).bytes(nonWitnessCoinbase, 4, n - 8);
        w.varInt(1).varBytes(WitnessCommitment.RESERVED_VALUE);
        w.bytes(nonWitnessCoinbase, n - 4, 4);
        return w.toByteArray();
    }

    private void checkSizes(byte[] extranonce1, byte[] extranonce2) {
        if (extranonce1.length != extranonce1Size) throw new IllegalArgumentException("extranonce1 must be " + extranonce1Size + " bytes");
        if (extranonce2.length != extranonce2Size) throw new IllegalArgumentException("extranonce2 must be " + extranonce2Size + " bytes");
    }

    private byte[] join(byte[] a, byte[] en1, byte[] en2, byte[] b) {
        checkSizes(en1, en2);
        byte[] out = new byte[a.length + en1.length + en2.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(en1, 0, out, a.length, en1.length);
        System.arraycopy(en2, 0, out, a.length + en1.length, en2.length);
        System.arraycopy(b, 0, out, a.length + en1.length + en2.length, b.length);
        return out;
    }

    /** Non-witness size in bytes. */
    public int strippedSize() {
        return coinb1.length + extranonce1Size + extranonce2Size + coinb2.length;
    }

    /** BIP141 weight of the coinbase as it goes into the block. */
    public long weight() {
        int stripped = strippedSize();
        int total = witnessCommitment ? stripped + 2 + 1 + 1 + 32 : stripped;
        return 3L * stripped + total;
    }

    /**
     * Upper bound of the coinbase's sigop cost (legacy sigops × 4). The extranonce bytes are chosen by
     * miners and are parsed as script too, so each of them is charged as a CHECKMULTISIG (20 sigops):
     * the bound holds whatever the miner rolls.
     */
    public long sigOpCostBound() {
        long legacy = fixedScriptSigSigOps + 20L * (extranonce1Size + extranonce2Size);
        for (TxOut o : outputs) legacy += dev.quarry.stratum.tx.Scripts.legacySigOps(o.scriptPubKey());
        return legacy * 4;
    }
}
