package dev.quarry.pow.reference;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Straightforward reference implementations (fresh MessageDigest per call, BigInteger arithmetic, ByteBuffer) that
 * the fast paths are compared against in property tests. Deliberately written the obvious way, not reusing any
 * production code.
 */
public final class Reference {
    public static final BigInteger DIFF1 = new BigInteger("00000000ffff0000000000000000000000000000000000000000000000000000",
            16);

    private Reference() {
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static byte[] sha256d(byte[] data) {
        return sha256(sha256(data));
    }

    public static byte[] concat(byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(len);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    public static byte[] header(int version, byte[] prev, byte[] root, int ntime, int bits, int nonce) {
        return ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN).putInt(version).put(prev).put(root)
                .putInt(ntime).putInt(bits).putInt(nonce).array();
    }

    /** The hash read as a little-endian unsigned integer. */
    public static BigInteger hashValue(byte[] hash) {
        byte[] be = new byte[hash.length];
        for (int i = 0; i < hash.length; i++) {
            be[i] = hash[hash.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    /** 32 little-endian bytes of a value in [0, 2^256). */
    public static byte[] littleEndian32(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }
}
