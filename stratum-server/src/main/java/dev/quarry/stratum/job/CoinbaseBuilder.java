package dev.quarry.stratum.job;

import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.tx.ByteWriter;
import dev.quarry.stratum.tx.Scripts;
import dev.quarry.stratum.tx.TxOut;
import dev.quarry.stratum.tx.WitnessCommitment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the pool's coinbase (pure, no I/O). Layout of the non-witness serialization:
 * <pre>
 * coinb1 = version | 01 | 32×00 ffffffff | len(scriptSig) | BIP34 height push | pool tag
 *          (extranonce1 | extranonce2 follow: the rest of the scriptSig)
 * coinb2 = sequence | n outputs | [fixed outputs] | reward → payout script | [0-value witness commitment] | locktime
 * </pre>
 */
public final class CoinbaseBuilder {
    /** Consensus limit on the coinbase scriptSig (bad-cb-length). */
    public static final int MAX_SCRIPTSIG = 100;
    public static final int MIN_SCRIPTSIG = 2;

    private final CoinbaseConfig config;

    public CoinbaseBuilder(CoinbaseConfig config) {
        this.config = config;
    }

    public CoinbaseConfig config() {
        return config;
    }

    /**
     * Coinbase for a template: uses the template's default_witness_commitment when present, otherwise
     * computes one from the wtxids when any transaction carries a witness.
     */
    public Coinbase build(BlockTemplate template) {
        return build(template.height(), template.coinbaseValue(), witnessCommitmentScript(template));
    }

    /** The commitment output script the coinbase for this template carries, or null for none. */
    public static byte[] witnessCommitmentScript(BlockTemplate template) {
        if (template.defaultWitnessCommitment() != null) return template.defaultWitnessCommitment().clone();
        boolean anyWitness = false;
        List<byte[]> wtxids = new ArrayList<>(template.transactions().size());
        for (TemplateTransaction tx : template.transactions()) {
            wtxids.add(tx.wtxid());
            anyWitness |= !Arrays.equals(tx.txid(), tx.wtxid());
        }
        return anyWitness ? WitnessCommitment.script(wtxids) : null;
    }

    /**
     * @param height                   height of the block (BIP34)
     * @param coinbaseValue            subsidy plus fees, satoshis
     * @param witnessCommitmentScript  full commitment output script (6a24aa21a9ed…), or null
     */
    public Coinbase build(long height, long coinbaseValue, byte[] witnessCommitmentScript) {
        if (height < 0) throw new IllegalArgumentException("negative height");
        if (coinbaseValue < 0) throw new IllegalArgumentException("negative coinbase value");
        if (witnessCommitmentScript != null && !WitnessCommitment.isCommitmentScript(witnessCommitmentScript)) {
            throw new IllegalArgumentException("witness commitment script must start with 6a24aa21a9ed and hold 32 bytes");
        }
        byte[] heightPush = Scripts.pushInt(height);
        byte[] tag = fitTag(heightPush.length);
        int scriptSigLen = heightPush.length + tag.length + config.extranonceSize();
        if (scriptSigLen < MIN_SCRIPTSIG) throw new IllegalStateException("coinbase scriptSig shorter than 2 bytes");

        ByteWriter b1 = new ByteWriter(64 + tag.length);
        b1.u32le(config.txVersion());
        b1.varInt(1);
        b1.bytes(new byte[32]).u32le(0xffffffff);
        b1.varInt(scriptSigLen).bytes(heightPush).bytes(tag);

        List<TxOut> outputs = outputs(coinbaseValue, witnessCommitmentScript);
        ByteWriter b2 = new ByteWriter(64 + 48 * outputs.size());
        b2.u32le(config.sequence());
        b2.varInt(outputs.size());
        for (TxOut o : outputs) b2.u64le(o.value()).varBytes(o.scriptPubKey());
        b2.u32le(config.lockTime());

        byte[] fixedScriptSig = new byte[heightPush.length + tag.length];
        System.arraycopy(heightPush, 0, fixedScriptSig, 0, heightPush.length);
        System.arraycopy(tag, 0, fixedScriptSig, heightPush.length, tag.length);
        return new Coinbase(b1.toByteArray(), b2.toByteArray(), config.extranonce1Size(), config.extranonce2Size(),
                outputs, witnessCommitmentScript != null, scriptSigLen, Scripts.legacySigOps(fixedScriptSig));
    }

    /** The pool tag, cut so that height push + tag + extranonce space fit in 100 bytes. */
    private byte[] fitTag(int heightPushLength) {
        byte[] tag = config.poolTag();
        int room = MAX_SCRIPTSIG - heightPushLength - config.extranonceSize();
        if (room < 0) throw new IllegalStateException("extranonce space does not fit in the coinbase scriptSig");
        return tag.length <= room ? tag : Arrays.copyOf(tag, room);
    }

    private List<TxOut> outputs(long coinbaseValue, byte[] commitment) {
        List<TxOut> outs = new ArrayList<>(config.fixedOutputs().size() + 2);
        long remainder = coinbaseValue;
        for (TxOut fixed : config.fixedOutputs()) {
            remainder -= fixed.value();
            outs.add(fixed);
        }
        if (remainder < 0) throw new IllegalArgumentException("fixed outputs exceed the coinbase value " + coinbaseValue);
        outs.add(new TxOut(remainder, config.payoutScript()));
        if (commitment != null) outs.add(new TxOut(0, commitment));
        return outs;
    }
}
