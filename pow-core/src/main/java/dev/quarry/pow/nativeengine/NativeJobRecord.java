package dev.quarry.pow.nativeengine;

import java.util.Objects;

/**
 * A job laid out for the native engine (see qsha.h): lengths, prevhash, nBits, the coinb1
 * midstate (filled by the library), then coinb1, coinb2 and the merkle branch. Built once per
 * job; immutable afterwards.
 */
final class NativeJobRecord {

    private final byte[] record;

    private NativeJobRecord(byte[] record) {
        this.record = record;
    }

    /** Packs and prepares a job; the native library must be loaded. */
    static NativeJobRecord of(byte[] prevHash, byte[] coinb1, byte[] coinb2, byte[][] branch, int bits) {
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(coinb1, "coinb1");
        Objects.requireNonNull(coinb2, "coinb2");
        Objects.requireNonNull(branch, "merkleBranch");
        if (prevHash.length != 32) {
            throw new IllegalArgumentException("prevHash must be 32 bytes, got " + prevHash.length);
        }
        if (coinb1.length > NativeSha.MAX_COINB_PART || coinb2.length > NativeSha.MAX_COINB_PART) {
            throw new IllegalArgumentException("coinb1/coinb2 longer than " + NativeSha.MAX_COINB_PART + " bytes");
        }
        if (branch.length > NativeSha.MAX_BRANCH) {
            throw new IllegalArgumentException("merkle branch deeper than " + NativeSha.MAX_BRANCH + " levels");
        }
        byte[] r = new byte[NativeSha.JOB_DATA + coinb1.length + coinb2.length + 32 * branch.length];
        LittleEndianInts.put(r, NativeSha.JOB_C1LEN, coinb1.length);
        LittleEndianInts.put(r, NativeSha.JOB_C2LEN, coinb2.length);
        LittleEndianInts.put(r, NativeSha.JOB_NBRANCH, branch.length);
        System.arraycopy(prevHash, 0, r, NativeSha.JOB_PREVHASH, 32);
        LittleEndianInts.put(r, NativeSha.JOB_BITS, bits);
        int p = NativeSha.JOB_DATA;
        System.arraycopy(coinb1, 0, r, p, coinb1.length);
        p += coinb1.length;
        System.arraycopy(coinb2, 0, r, p, coinb2.length);
        p += coinb2.length;
        for (int i = 0; i < branch.length; i++) {
            if (branch[i] == null || branch[i].length != 32) {
                throw new IllegalArgumentException("merkle branch entry " + i + " must be 32 bytes");
            }
            System.arraycopy(branch[i], 0, r, p, 32);
            p += 32;
        }
        int rc = NativeSha.prepareJob(r);
        if (rc != NativeSha.OK) {
            throw new IllegalStateException("native engine rejected a job record it should accept (code " + rc + ")");
        }
        return new NativeJobRecord(r);
    }

    /** The record bytes; never modified after construction, never handed out of the package. */
    byte[] bytes() {
        return record;
    }
}
