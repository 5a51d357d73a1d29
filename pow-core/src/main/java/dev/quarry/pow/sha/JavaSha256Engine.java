package dev.quarry.pow.sha;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Pure-Java SHA-256 engine for JVMs or CPUs without the SHA-256 intrinsic. Uses an unrolled compression
 * ({@link Sha256Unrolled}), schedules precomputed for fixed padding (the all-padding block after a 64-byte merkle
 * concatenation, the half-padding block of the 32-byte second hash and of an 80-byte header), and can resume from
 * a midstate when the first 64 bytes repeat. Owns its scratch; not thread-safe; never allocates after construction.
 */
public final class JavaSha256Engine implements Sha256Engine {
    static final int[] IV = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);

    private final int[] w = new int[64];
    private final int[] kw = new int[64];
    private final int[] st = new int[8];
    private final byte[] tail = new byte[128];

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void sha256(byte[] in, int off, int len, byte[] out, int outOff) {
        checkRange(in, off, len);
        checkOut(out, outOff);
        System.arraycopy(IV, 0, st, 0, 8);
        hashRest(0, in, off, len);
        writeState(out, outOff);
    }

    @Override
    public void sha256d(byte[] in, int off, int len, byte[] out, int outOff) {
        checkRange(in, off, len);
        checkOut(out, outOff);
        System.arraycopy(IV, 0, st, 0, 8);
        if (len == 80) {
            block(in, off);
            lastBlockOf80(in, off + 64);
        } else {
            hashRest(0, in, off, len);
        }
        secondHash(out, outOff);
    }

    @Override
    public void sha256dPair(byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        checkRange(left, leftOff, 32);
        checkRange(right, rightOff, 32);
        checkOut(out, outOff);
        // Read both inputs completely before anything is written, so out may alias left or right.
        for (int i = 0; i < 8; i++) {
            w[i] = (int) INT_BE.get(left, leftOff + 4 * i);
            w[i + 8] = (int) INT_BE.get(right, rightOff + 4 * i);
        }
        System.arraycopy(IV, 0, st, 0, 8);
        Sha256Unrolled.expand(w, kw);
        Sha256Unrolled.rounds(st, kw);
        Sha256Unrolled.rounds(st, Sha256Unrolled.PAD_AFTER_64_BYTES_KW);
        secondHash(out, outOff);
    }

    @Override
    public void sha256dAfterPrefix(Sha256Prefix prefix, byte[] in, int off, int len, byte[] out, int outOff) {
        checkRange(in, off, len);
        checkOut(out, outOff);
        prefix.copyMidstate(st);
        hashRest(prefix.length(), in, off, len);
        secondHash(out, outOff);
    }

    /** The SHA-256 state after the single 64-byte block at {@code in[off]}, into {@code mid[0..8)}. */
    public void midstate(byte[] in, int off, int[] mid) {
        checkRange(in, off, 64);
        System.arraycopy(IV, 0, st, 0, 8);
        block(in, off);
        System.arraycopy(st, 0, mid, 0, 8);
    }

    /**
     * SHA-256d of the 80-byte header at {@code header[off]} whose first 64 bytes have midstate {@code mid} (from
     * {@link #midstate}): only the last 16 bytes are read. Two compressions instead of three.
     */
    public void sha256dHeaderFromMidstate(int[] mid, byte[] header, int off, byte[] out, int outOff) {
        checkRange(header, off, 80);
        checkOut(out, outOff);
        System.arraycopy(mid, 0, st, 0, 8);
        lastBlockOf80(header, off + 64);
        secondHash(out, outOff);
    }

    /** Midstate after the whole blocks data[0, wholeBlocksLen), for {@link Sha256Prefix}. */
    void midstateOfBlocks(byte[] data, int wholeBlocksLen, int[] mid) {
        System.arraycopy(IV, 0, st, 0, 8);
        for (int p = 0; p < wholeBlocksLen; p += 64) {
            block(data, p);
        }
        System.arraycopy(st, 0, mid, 0, 8);
    }

    /** Continues from {@code st} (after priorBytes bytes) over in[off, off+len) and the final padding. */
    private void hashRest(long priorBytes, byte[] in, int off, int len) {
        int p = off;
        int end = off + len;
        while (end - p >= 64) {
            block(in, p);
            p += 64;
        }
        int r = end - p;
        System.arraycopy(in, p, tail, 0, r);
        tail[r] = (byte) 0x80;
        int padded = r < 56 ? 64 : 128;
        Arrays.fill(tail, r + 1, padded - 8, (byte) 0);
        LONG_BE.set(tail, padded - 8, (priorBytes + len) * 8);
        block(tail, 0);
        if (padded == 128) {
            block(tail, 64);
        }
    }

    private void block(byte[] b, int off) {
        int[] w = this.w;
        for (int i = 0; i < 16; i++) {
            w[i] = (int) INT_BE.get(b, off + 4 * i);
        }
        Sha256Unrolled.expand(w, kw);
        Sha256Unrolled.rounds(st, kw);
    }

    /** The second block of an 80-byte message: 16 data bytes, then padding whose schedule is precomputed. */
    private void lastBlockOf80(byte[] b, int off) {
        for (int i = 0; i < 4; i++) {
            w[i] = (int) INT_BE.get(b, off + 4 * i);
        }
        Sha256Unrolled.expandLastBlockOf80ByteMessage(w, kw);
        Sha256Unrolled.rounds(st, kw);
    }

    /** SHA-256 of the 32-byte digest in {@code st}, written to out: one block, half of it fixed padding. */
    private void secondHash(byte[] out, int outOff) {
        System.arraycopy(st, 0, w, 0, 8);
        System.arraycopy(IV, 0, st, 0, 8);
        Sha256Unrolled.expandLast32ByteMessage(w, kw);
        Sha256Unrolled.rounds(st, kw);
        writeState(out, outOff);
    }

    private void writeState(byte[] out, int outOff) {
        for (int i = 0; i < 8; i++) {
            INT_BE.set(out, outOff + 4 * i, st[i]);
        }
    }

    private static void checkRange(byte[] in, int off, int len) {
        if (off < 0 || len < 0 || off > in.length - len) {
            throw new IllegalArgumentException("range off=" + off + " len=" + len + " outside array of length "
                    + in.length);
        }
    }

    private static void checkOut(byte[] out, int outOff) {
        if (outOff < 0 || outOff > out.length - 32) {
            throw new IllegalArgumentException("output needs 32 bytes at offset " + outOff);
        }
    }
}
