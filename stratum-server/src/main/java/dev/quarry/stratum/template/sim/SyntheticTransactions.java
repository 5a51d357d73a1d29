package dev.quarry.stratum.template.sim;

import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.tx.Transaction;
import dev.quarry.stratum.tx.TxIn;
import dev.quarry.stratum.tx.TxOut;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes well-formed transactions that spend made-up outputs: P2WPKH spends (with witness) and P2PKH
 * spends (without), paying to P2WPKH or P2PKH outputs. They parse like real ones and have realistic
 * sizes, so templates have non-trivial merkle branches and a real witness commitment.
 */
final class SyntheticTransactions {
    private final Random random;

    SyntheticTransactions(long seed) {
        this.random = new Random(seed);
    }

    TemplateTransaction next(boolean withWitness) {
        int nIn = 1 + random.nextInt(2);
        List<TxIn> ins = new ArrayList<>(nIn);
        int witnessInputs = 0;
        for (int i = 0; i < nIn; i++) {
            byte[] prev = bytes(32);
            byte[] sig = signatureLike();
            byte[] pub = pubKeyLike();
            if (withWitness) {
                ins.add(new TxIn(prev, random.nextInt(4), new byte[0], 0xfffffffd, List.of(sig, pub)));
                witnessInputs++;
            } else {
                byte[] scriptSig = new byte[2 + sig.length + pub.length];
                scriptSig[0] = (byte) sig.length;
                System.arraycopy(sig, 0, scriptSig, 1, sig.length);
                scriptSig[1 + sig.length] = (byte) pub.length;
                System.arraycopy(pub, 0, scriptSig, 2 + sig.length, pub.length);
                ins.add(new TxIn(prev, random.nextInt(4), scriptSig, 0xffffffff, List.of()));
            }
        }
        int nOut = 1 + random.nextInt(2);
        List<TxOut> outs = new ArrayList<>(nOut);
        for (int i = 0; i < nOut; i++) {
            long value = 10_000 + random.nextInt(5_000_000);
            outs.add(new TxOut(value, random.nextBoolean() ? p2wpkh() : p2pkh()));
        }
        Transaction tx = new Transaction(2, ins, outs, 0);
        long fee = 500 + random.nextInt(20_000);
        // sigop cost: legacy sigops scaled by 4, plus one per P2WPKH spend (BIP141 witness sigops)
        long sigops = 4L * tx.legacySigOps() + witnessInputs;
        return new TemplateTransaction(tx.bytes(), tx.txid(), tx.wtxid(), fee, sigops, tx.weight());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] signatureLike() {
        byte[] sig = bytes(71);
        sig[0] = 0x30; // DER sequence
        sig[70] = 0x01; // SIGHASH_ALL
        return sig;
    }

    private byte[] pubKeyLike() {
        byte[] pub = bytes(33);
        pub[0] = (byte) (random.nextBoolean() ? 0x02 : 0x03);
        return pub;
    }

    private byte[] p2wpkh() {
        byte[] s = new byte[22];
        s[1] = 0x14;
        System.arraycopy(bytes(20), 0, s, 2, 20);
        return s;
    }

    private byte[] p2pkh() {
        byte[] s = new byte[25];
        s[0] = 0x76;
        s[1] = (byte) 0xa9;
        s[2] = 0x14;
        System.arraycopy(bytes(20), 0, s, 3, 20);
        s[23] = (byte) 0x88;
        s[24] = (byte) 0xac;
        return s;
    }
}
