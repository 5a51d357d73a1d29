package dev.quarry.pow.address;

import dev.quarry.pow.address.InvalidAddressException.Reason;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 (BIP173) and Bech32m (BIP350) strings: human-readable part, separator '1', 5-bit data
 * characters and a 6-character BCH checksum. The two variants differ only in the constant the
 * checksum is xored with. Knows nothing about witness programs; see {@link BitcoinAddress}.
 */
public final class Bech32 {

    /** Which checksum constant a string verifies with. */
    public enum Encoding {
        BECH32(1),
        BECH32M(0x2bc830a3);

        private final int constant;

        Encoding(int constant) {
            this.constant = constant;
        }
    }

    /**
     * A decoded string.
     *
     * @param hrp      human-readable part, lower case
     * @param data     5-bit values (0..31) between the separator and the checksum
     * @param encoding the variant whose checksum matched
     */
    public record Decoded(String hrp, byte[] data, Encoding encoding) {
        public Decoded {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** BIP173 limit on the whole string. */
    public static final int MAX_LENGTH = 90;
    private static final int CHECKSUM_LENGTH = 6;
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final byte[] CHARSET_REV = new byte[128];

    static {
        java.util.Arrays.fill(CHARSET_REV, (byte) -1);
        for (int i = 0; i < CHARSET.length(); i++) {
            CHARSET_REV[CHARSET.charAt(i)] = (byte) i;
        }
    }

    private Bech32() {
    }

    /**
     * Decodes and verifies a Bech32 or Bech32m string (either all lower or all upper case).
     *
     * @throws InvalidAddressException naming the problem (length, character, case, separator, checksum)
     */
    public static Decoded decode(String s) {
        if (s == null || s.isEmpty()) throw new InvalidAddressException(Reason.EMPTY, "empty string");
        if (s.length() > MAX_LENGTH) {
            throw new InvalidAddressException(Reason.TOO_LONG,
                    "bech32 string is " + s.length() + " characters long, the maximum is " + MAX_LENGTH);
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126) {
                throw new InvalidAddressException(Reason.INVALID_CHARACTER,
                        "character " + describe(c) + " at position " + i + " is not allowed in a bech32 string");
            }
            if (c >= 'a' && c <= 'z') lower = true;
            if (c >= 'A' && c <= 'Z') upper = true;
        }
        if (lower && upper) {
            throw new InvalidAddressException(Reason.MIXED_CASE,
                    "mixes upper and lower case; a bech32 address must be all lower case or all upper case");
        }
        String str = s.toLowerCase(Locale.ROOT);
        int sep = str.lastIndexOf('1');
        if (sep < 0) throw new InvalidAddressException(Reason.MISSING_SEPARATOR, "no '1' separator in bech32 string");
        if (sep == 0) throw new InvalidAddressException(Reason.EMPTY_PREFIX, "empty human-readable part before the '1' separator");
        if (str.length() - sep - 1 < CHECKSUM_LENGTH) {
            throw new InvalidAddressException(Reason.CHECKSUM_TOO_SHORT,
                    "only " + (str.length() - sep - 1) + " characters after the separator, a checksum needs " + CHECKSUM_LENGTH);
        }
        String hrp = str.substring(0, sep);
        byte[] values = new byte[str.length() - sep - 1];
        for (int i = 0; i < values.length; i++) {
            char c = str.charAt(sep + 1 + i);
            byte v = c < 128 ? CHARSET_REV[c] : -1;
            if (v < 0) {
                throw new InvalidAddressException(Reason.INVALID_CHARACTER,
                        "character " + describe(c) + " at position " + (sep + 1 + i) + " is not a bech32 data character");
            }
            values[i] = v;
        }
        int check = polymod(hrp, values, values.length);
        Encoding encoding;
        if (check == Encoding.BECH32.constant) {
            encoding = Encoding.BECH32;
        } else if (check == Encoding.BECH32M.constant) {
            encoding = Encoding.BECH32M;
        } else {
            throw new InvalidAddressException(Reason.BAD_CHECKSUM,
                    "bad checksum (a character is mistyped or missing)");
        }
        byte[] data = java.util.Arrays.copyOf(values, values.length - CHECKSUM_LENGTH);
        return new Decoded(hrp, data, encoding);
    }

    /**
     * Encodes 5-bit values under a lower-case human-readable part.
     *
     * @throws IllegalArgumentException if a value is outside 0..31, the hrp is not lower-case
     *                                  printable ASCII, or the result would exceed {@link #MAX_LENGTH}
     */
    public static String encode(String hrp, byte[] data, Encoding encoding) {
        if (hrp == null || hrp.isEmpty()) throw new IllegalArgumentException("empty human-readable part");
        for (int i = 0; i < hrp.length(); i++) {
            char c = hrp.charAt(i);
            if (c < 33 || c > 126 || (c >= 'A' && c <= 'Z')) {
                throw new IllegalArgumentException("human-readable part must be lower-case printable ASCII: " + hrp);
            }
        }
        if (hrp.length() + 1 + data.length + CHECKSUM_LENGTH > MAX_LENGTH) {
            throw new IllegalArgumentException("bech32 string would exceed " + MAX_LENGTH + " characters");
        }
        byte[] values = java.util.Arrays.copyOf(data, data.length + CHECKSUM_LENGTH);
        for (byte v : data) {
            if (v < 0 || v > 31) throw new IllegalArgumentException("5-bit value out of range: " + v);
        }
        int mod = polymod(hrp, values, values.length) ^ encoding.constant;
        StringBuilder sb = new StringBuilder(hrp.length() + 1 + values.length);
        sb.append(hrp).append('1');
        for (byte v : data) sb.append(CHARSET.charAt(v));
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            sb.append(CHARSET.charAt((mod >>> (5 * (5 - i))) & 31));
        }
        return sb.toString();
    }

    /**
     * Regroups bits (8→5 with padding to encode a witness program, 5→8 without padding to decode
     * one). Decoding rejects more than 4 padding bits and non-zero padding, as BIP173 requires.
     */
    public static byte[] convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << toBits) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * fromBits / toBits + 1);
        for (byte b : in) {
            int value = b & 0xff;
            if ((value >>> fromBits) != 0) throw new IllegalArgumentException("value " + value + " wider than " + fromBits + " bits");
            acc = (acc << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits) {
                bits -= toBits;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) out.write((acc << (toBits - bits)) & maxv);
        } else if (bits >= fromBits) {
            throw new InvalidAddressException(Reason.BAD_PADDING,
                    "the data has " + bits + " bits of padding, at most " + (fromBits - 1) + " are allowed");
        } else if (((acc << (toBits - bits)) & maxv) != 0) {
            throw new InvalidAddressException(Reason.BAD_PADDING, "the padding bits at the end of the data are not zero");
        }
        return out.toByteArray();
    }

    private static int polymod(String hrp, byte[] values, int count) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) chk = step(chk, hrp.charAt(i) >>> 5);
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) chk = step(chk, hrp.charAt(i) & 31);
        for (int i = 0; i < count; i++) chk = step(chk, values[i]);
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) chk ^= GENERATOR[i];
        }
        return chk;
    }

    static String describe(char c) {
        return (c >= 33 && c <= 126) ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
