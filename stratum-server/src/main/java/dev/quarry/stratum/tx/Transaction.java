package dev.quarry.stratum.tx;

import dev.quarry.pow.sha.Sha256;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded transaction with its txid (non-witness hash), wtxid and weight. Used to build synthetic
 * transactions for SimChain and to check submitted blocks; never on the share path.
 */
public final class Transaction {
    /** Guards allocations driven by untrusted counts (a 4 MB block cannot hold more). */
    private static final int MAX_ITEMS = 4_000_000 / 9;

    private final int version;
    private final List<TxIn> inputs;
    private final List<TxOut> outputs;
    private final int lockTime;
    private final byte[] nonWitness;
    private final byte[] full;

    public Transaction(int version, List<TxIn> inputs, List<TxOut> outputs, int lockTime) {
        this.version = version;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.lockTime = lockTime;
        this.nonWitness = serialize(false);
        this.full = hasWitness() ? serialize(true) : nonWitness;
    }

    public int version() {
        return version;
    }

    public List<TxIn> inputs() {
        return inputs;
    }

    public List<TxOut> outputs() {
        return outputs;
    }

    public int lockTime() {
        return lockTime;
    }

    public boolean hasWitness() {
        for (TxIn in : inputs) if (!in.witness().isEmpty()) return true;
        return false;
    }

    public boolean isCoinbase() {
        return inputs.size() == 1 && inputs.get(0).isNull();
    }

    /** Serialization without witness (what the txid hashes and what Stratum sends). */
    public byte[] nonWitnessBytes() {
        return nonWitness.clone();
    }

    /** Serialization with witness when there is one (what goes into a block). */
    public byte[] bytes() {
        return full.clone();
    }

    public int size() {
        return full.length;
    }

    public int strippedSize() {
        return nonWitness.length;
    }

    /** BIP141 weight: stripped size × 3 + total size. */
    public long weight() {
        return 3L * nonWitness.length + full.length;
    }

    /** Internal order. */
    public byte[] txid() {
        return Sha256.sha256d(nonWitness);
    }

    /** Internal order; equals the txid when there is no witness. */
    public byte[] wtxid() {
        return Sha256.sha256d(full);
    }

    public long totalOut() {
        long sum = 0;
        for (TxOut o : outputs) sum += o.value();
        return sum;
    }

    /** Legacy sigop count (scriptSigs and scriptPubKeys), as Bitcoin Core's GetLegacySigOpCount. */
    public int legacySigOps() {
        int n = 0;
        for (TxIn in : inputs) n += Scripts.legacySigOps(in.scriptSig());
        for (TxOut out : outputs) n += Scripts.legacySigOps(out.scriptPubKey());
        return n;
    }

    private byte[] serialize(boolean withWitness) {
        ByteWriter w = new ByteWriter(64 + 64 * inputs.size() + 40 * outputs.size());
        w.u32le(version);
        if (withWitness) w.u8(0).u8(1);
        w.varInt(inputs.size());
        for (TxIn in : inputs) {
            w.bytes(in.prevTxid()).u32le(in.prevVout()).varBytes(in.scriptSig()).u32le(in.sequence());
        }
        w.varInt(outputs.size());
        for (TxOut out : outputs) w.u64le(out.value()).varBytes(out.scriptPubKey());
        if (withWitness) {
            for (TxIn in : inputs) {
                w.varInt(in.witness().size());
                for (byte[] item : in.witness()) w.varBytes(item);
            }
        }
        w.u32le(lockTime);
        return w.toByteArray();
    }

    /** Decodes one transaction (with or without witness) from the reader. */
    public static Transaction read(ByteReader r) {
        int version = r.u32le("tx version");
        boolean segwit = false;
        int nIn = r.count("input count", MAX_ITEMS);
        if (nIn == 0) {
            // BIP144 marker: a zero input count followed by flag 0x01
            int flag = r.u8("segwit flag");
            if (flag != 1) throw new MalformedDataException("unknown transaction optional data (flag " + flag + ")");
            segwit = true;
            nIn = r.count("input count", MAX_ITEMS);
        }
        List<byte[]> prevTxids = new ArrayList<>(nIn);
        int[] vouts = new int[nIn];
        List<byte[]> scriptSigs = new ArrayList<>(nIn);
        int[] sequences = new int[nIn];
        for (int i = 0; i < nIn; i++) {
            prevTxids.add(r.bytes(32, "prevout hash"));
            vouts[i] = r.u32le("prevout index");
            scriptSigs.add(r.varBytes("scriptSig"));
            sequences[i] = r.u32le("sequence");
        }
        int nOut = r.count("output count", MAX_ITEMS);
        List<TxOut> outs = new ArrayList<>(nOut);
        for (int i = 0; i < nOut; i++) {
            long value = r.u64le("output value");
            outs.add(new TxOut(value, r.varBytes("scriptPubKey")));
        }
        List<List<byte[]>> witnesses = new ArrayList<>(nIn);
        boolean anyWitness = false;
        for (int i = 0; i < nIn; i++) {
            List<byte[]> stack = new ArrayList<>();
            if (segwit) {
                int items = r.count("witness item count", MAX_ITEMS);
                for (int k = 0; k < items; k++) stack.add(r.varBytes("witness item"));
                anyWitness |= items > 0;
            }
            witnesses.add(stack);
        }
        if (segwit && !anyWitness) throw new MalformedDataException("superfluous witness record");
        int lockTime = r.u32le("locktime");
        List<TxIn> ins = new ArrayList<>(nIn);
        for (int i = 0; i < nIn; i++) ins.add(new TxIn(prevTxids.get(i), vouts[i], scriptSigs.get(i), sequences[i], witnesses.get(i)));
        return new Transaction(version, ins, outs, lockTime);
    }

    public static Transaction parse(byte[] data) {
        ByteReader r = new ByteReader(data);
        Transaction tx = read(r);
        if (r.remaining() != 0) throw new MalformedDataException(r.remaining() + " trailing bytes after transaction");
        return tx;
    }
}
