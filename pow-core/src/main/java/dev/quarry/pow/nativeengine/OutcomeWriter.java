package dev.quarry.pow.nativeengine;

import dev.quarry.pow.share.ShareOutcome;

/** Copies a native result slot (header, hash, txid, root) into a {@link ShareOutcome}. */
final class OutcomeWriter {

    private OutcomeWriter() {
    }

    static void fill(ShareOutcome out, byte[] b, int off) {
        System.arraycopy(b, off + NativeSha.OUT_HEADER, out.header(), 0, 80);
        System.arraycopy(b, off + NativeSha.OUT_HASH, out.hash(), 0, 32);
        System.arraycopy(b, off + NativeSha.OUT_TXID, out.coinbaseTxid(), 0, 32);
        System.arraycopy(b, off + NativeSha.OUT_ROOT, out.merkleRoot(), 0, 32);
        // the outcome caches the difficulty derived from the previous hash
        out.resetDerived();
    }
}
