package dev.quarry.pow.header;

/** The 80-byte Bitcoin block header: version, prev hash, merkle root, time, bits, nonce (integers little-endian). */
public final class BlockHeader {
    public static final int LENGTH = 80;

    private BlockHeader() {
    }

    /** Writes the header into {@code out80[0, 80)}; hashes are in internal byte order. Does not allocate. */
    public static void write(byte[] out80, int version, byte[] prevHash, byte[] merkleRoot, int ntime, int bits,
            int nonce) {
        if (out80 == null || out80.length < LENGTH) {
            throw new IllegalArgumentException("header output needs 80 bytes");
        }
        requireHash(prevHash, "prevHash");
        requireHash(merkleRoot, "merkleRoot");
        putIntLe(out80, 0, version);
        System.arraycopy(prevHash, 0, out80, 4, 32);
        System.arraycopy(merkleRoot, 0, out80, 36, 32);
        putIntLe(out80, 68, ntime);
        putIntLe(out80, 72, bits);
        putIntLe(out80, 76, nonce);
    }

    /** A new 80-byte header. */
    public static byte[] build(int version, byte[] prevHash, byte[] merkleRoot, int ntime, int bits, int nonce) {
        byte[] out = new byte[LENGTH];
        write(out, version, prevHash, merkleRoot, ntime, bits, nonce);
        return out;
    }

    static void requireHash(byte[] hash, String what) {
        if (hash == null || hash.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got "
                    + (hash == null ? "null" : hash.length + " bytes"));
        }
    }

    static void putIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
