package dev.quarry.pow.header;

import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.hex.HexFormatException;

/**
 * Stratum V1 byte-order conversions. mining.notify sends prevhash as the internal-order bytes with each 4-byte
 * word reversed; version, nbits, ntime and nonce travel as big-endian hex of the uint32 (written little-endian
 * into the header).
 */
public final class StratumCodec {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private StratumCodec() {
    }

    /** The mining.notify prevhash field for an internal-order prev hash. */
    public static String prevHashToStratum(byte[] prevHashInternal) {
        BlockHeader.requireHash(prevHashInternal, "prevHash");
        return Hex.encode(swapWords(prevHashInternal));
    }

    /** The internal-order prev hash from a mining.notify prevhash field (exactly 64 hex characters). */
    public static byte[] prevHashFromStratum(String hex64) {
        return swapWords(Hex.decodeExact(hex64, 32, "prevhash"));
    }

    private static byte[] swapWords(byte[] in) {
        byte[] out = new byte[32];
        for (int w = 0; w < 32; w += 4) {
            out[w] = in[w + 3];
            out[w + 1] = in[w + 2];
            out[w + 2] = in[w + 1];
            out[w + 3] = in[w];
        }
        return out;
    }

    /** Parses 1..8 hex characters (either case) as an unsigned 32-bit value, big-endian as Stratum writes it. */
    public static int parseUint32(String hex) {
        if (hex == null) {
            throw new HexFormatException("uint32 hex is null");
        }
        int len = hex.length();
        if (len < 1 || len > 8) {
            throw new HexFormatException("uint32 hex must be 1 to 8 characters, got " + len);
        }
        int v = 0;
        for (int i = 0; i < len; i++) {
            char c = hex.charAt(i);
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else {
                throw new HexFormatException("non-hex character in uint32 at index " + i);
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Eight lower-case hex characters, big-endian rendering of the unsigned value. */
    public static String uint32Hex(int v) {
        char[] out = new char[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = DIGITS[v & 0xf];
            v >>>= 4;
        }
        return new String(out);
    }

    /** BIP310 version rolling: the job's bits outside the mask, the miner's bits inside it. */
    public static int rollVersion(int jobVersion, int versionBits, int mask) {
        return (jobVersion & ~mask) | (versionBits & mask);
    }
}
