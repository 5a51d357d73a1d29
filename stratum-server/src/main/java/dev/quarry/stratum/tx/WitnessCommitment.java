package dev.quarry.stratum.tx;

import dev.quarry.pow.merkle.Merkle;
import dev.quarry.pow.sha.Sha256;

import java.util.ArrayList;
import java.util.List;

/** BIP141 witness commitment: the OP_RETURN output of the coinbase that commits to all wtxids. */
public final class WitnessCommitment {
    /** OP_RETURN, push 36, then the 4-byte tag aa21a9ed. */
    public static final byte[] HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};
    public static final int SCRIPT_LENGTH = HEADER.length + 32;
    /** The coinbase witness reserved value we always use (one 32-byte zero item). */
    public static final byte[] RESERVED_VALUE = new byte[32];

    private WitnessCommitment() {
    }

    /** Witness merkle root over the wtxids of the non-coinbase transactions (the coinbase counts as 32 zero bytes). */
    public static byte[] witnessRoot(List<byte[]> wtxidsWithoutCoinbase) {
        List<byte[]> leaves = new ArrayList<>(wtxidsWithoutCoinbase.size() + 1);
        leaves.add(new byte[32]);
        leaves.addAll(wtxidsWithoutCoinbase);
        return Merkle.root(leaves);
    }

    /** sha256d(witnessRoot ‖ reservedValue). */
    public static byte[] commitment(byte[] witnessRoot, byte[] reservedValue) {
        byte[] buf = new byte[64];
        System.arraycopy(witnessRoot, 0, buf, 0, 32);
        System.arraycopy(reservedValue, 0, buf, 32, 32);
        return Sha256.sha256d(buf);
    }

    /** The full output script 6a24aa21a9ed‖commitment for the given wtxids and the zero reserved value. */
    public static byte[] script(List<byte[]> wtxidsWithoutCoinbase) {
        return scriptFor(commitment(witnessRoot(wtxidsWithoutCoinbase), RESERVED_VALUE));
    }

    public static byte[] scriptFor(byte[] commitment32) {
        byte[] s = new byte[SCRIPT_LENGTH];
        System.arraycopy(HEADER, 0, s, 0, HEADER.length);
        System.arraycopy(commitment32, 0, s, HEADER.length, 32);
        return s;
    }

    public static boolean isCommitmentScript(byte[] script) {
        if (script.length < SCRIPT_LENGTH) return false;
        for (int i = 0; i < HEADER.length; i++) if (script[i] != HEADER[i]) return false;
        return true;
    }

    /** Index of the commitment output as Bitcoin Core finds it (the last matching output), or -1. */
    public static int findIndex(List<TxOut> outputs) {
        int found = -1;
        for (int i = 0; i < outputs.size(); i++) if (isCommitmentScript(outputs.get(i).scriptPubKey())) found = i;
        return found;
    }

    /** True when any transaction's wtxid differs from its txid, i.e. it carries a witness. */
    public static boolean anyWitness(List<byte[]> txids, List<byte[]> wtxids) {
        for (int i = 0; i < txids.size(); i++) if (!java.util.Arrays.equals(txids.get(i), wtxids.get(i))) return true;
        return false;
    }
}
