package dev.quarry.pow.address;

import dev.quarry.pow.address.InvalidAddressException.Reason;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Base58 and Base58Check (payload followed by the first 4 bytes of its double SHA-256), as used by
 * P2PKH and P2SH addresses. Leading zero bytes are written as leading '1' characters.
 */
public final class Base58 {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int[] INDEXES = new int[128];
    /** Longer strings are rejected before the quadratic-time decode; real Base58Check strings stay far below. */
    public static final int MAX_DECODE_LENGTH = 128;

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length(); i++) INDEXES[ALPHABET.charAt(i)] = i;
    }

    private Base58() {
    }

    public static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) zeros++;
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, data);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            sb.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < zeros; i++) sb.append('1');
        return sb.reverse().toString();
    }

    /** @throws InvalidAddressException for characters outside the alphabet (0, O, I, l, spaces, ...) or an over-long string */
    public static byte[] decode(String s) {
        if (s.isEmpty()) throw new InvalidAddressException(Reason.EMPTY, "empty string");
        if (s.length() > MAX_DECODE_LENGTH) {
            throw new InvalidAddressException(Reason.TOO_LONG,
                    "base58 string is " + s.length() + " characters long, far more than any address");
        }
        BigInteger n = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new InvalidAddressException(Reason.INVALID_CHARACTER,
                        "character " + Bech32.describe(c) + " at position " + i + " is not a base58 character"
                                + ((c == '0' || c == 'O' || c == 'I' || c == 'l') ? " (base58 leaves out 0, O, I and l)" : ""));
            }
            if (leading && digit == 0) {
                zeros++;
            } else {
                leading = false;
            }
            n = n.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] mag = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int start = (mag.length > 0 && mag[0] == 0) ? 1 : 0; // drop BigInteger's sign byte
        byte[] out = new byte[zeros + mag.length - start];
        System.arraycopy(mag, start, out, zeros, mag.length - start);
        return out;
    }

    /** Base58 of payload plus its 4-byte double-SHA-256 checksum. */
    public static String encodeCheck(byte[] payload) {
        byte[] full = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(checksum(payload), 0, full, payload.length, 4);
        return encode(full);
    }

    /**
     * Decodes and verifies the checksum; returns the payload without it.
     *
     * @throws InvalidAddressException for bad characters, fewer than 5 bytes, or a checksum mismatch
     */
    public static byte[] decodeCheck(String s) {
        byte[] full = decode(s);
        if (full.length < 5) {
            throw new InvalidAddressException(Reason.BAD_LENGTH,
                    "base58check string decodes to only " + full.length + " bytes");
        }
        byte[] payload = Arrays.copyOf(full, full.length - 4);
        byte[] expected = checksum(payload);
        for (int i = 0; i < 4; i++) {
            if (full[payload.length + i] != expected[i]) {
                throw new InvalidAddressException(Reason.BAD_CHECKSUM,
                        "bad base58check checksum (a character is mistyped, missing or swapped)");
            }
        }
        return payload;
    }

    private static byte[] checksum(byte[] payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] once = sha.digest(payload);
            return Arrays.copyOf(sha.digest(once), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
