package dev.quarry.pow.hex;

/** Hexadecimal encoding and decoding with typed errors (never an index exception). */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Decodes hex (either case). Throws {@link HexFormatException} on null, odd length or a non-hex character. */
    public static byte[] decode(String hex) {
        if (hex == null) {
            throw new HexFormatException("hex string is null");
        }
        int len = hex.length();
        if ((len & 1) != 0) {
            throw new HexFormatException("hex string has odd length " + len);
        }
        byte[] out = new byte[len / 2];
        for (int i = 0; i < len; i += 2) {
            int hi = digit(hex, i);
            int lo = digit(hex, i + 1);
            out[i / 2] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /**
     * Decodes hex that must describe exactly {@code expectedBytes} bytes; {@code what} names the field in the
     * error message.
     */
    public static byte[] decodeExact(String hex, int expectedBytes, String what) {
        if (hex == null) {
            throw new HexFormatException(what + " is null");
        }
        if (hex.length() != expectedBytes * 2) {
            throw new HexFormatException(what + " must be " + expectedBytes * 2 + " hex characters, got "
                    + hex.length());
        }
        return decode(hex);
    }

    /** Value of the hex digit at {@code index}, or a {@link HexFormatException} naming the character. */
    static int digit(String s, int index) {
        char c = s.charAt(index);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new HexFormatException("non-hex character '" + printable(c) + "' at index " + index);
    }

    private static String printable(char c) {
        return (c >= 0x20 && c < 0x7f) ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    /** Lower-case hex of the whole array. */
    public static String encode(byte[] b) {
        return encode(b, 0, b.length);
    }

    /** Lower-case hex of {@code len} bytes starting at {@code off}. */
    public static String encode(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IllegalArgumentException("range off=" + off + " len=" + len + " outside array of length "
                    + b.length);
        }
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            out[2 * i] = DIGITS[v >>> 4];
            out[2 * i + 1] = DIGITS[v & 0xf];
        }
        return new String(out);
    }

    /** A new array with the bytes in reverse order (display order &lt;-&gt; internal order for hashes). */
    public static byte[] reversed(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }
}
