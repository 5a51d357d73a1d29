package dev.quarry.pow.share;

import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.hex.HexFormatException;

/**
 * Parses the hex fields of a mining.submit into the values {@link ShareValidator} takes, turning every malformed
 * field into an {@link InvalidShareInputException} with a reason code (never an index exception).
 */
public final class SubmitFields {
    private SubmitFields() {
    }

    /** extranonce2: exactly {@code size} bytes of hex. */
    public static byte[] extranonce2(String hex, int size) {
        if (hex == null) {
            throw new InvalidShareInputException("extranonce2-missing", "extranonce2 is missing");
        }
        if (hex.length() != 2 * size) {
            throw new InvalidShareInputException("extranonce2-length",
                    "extranonce2 must be " + 2 * size + " hex characters, got " + hex.length());
        }
        try {
            return Hex.decode(hex);
        } catch (HexFormatException e) {
            throw new InvalidShareInputException("extranonce2-hex", "extranonce2: " + e.getMessage(), e);
        }
    }

    /** ntime: exactly 8 hex characters, big-endian. */
    public static int ntime(String hex) {
        return uint32Exact8(hex, "ntime");
    }

    /** nonce: exactly 8 hex characters, big-endian. */
    public static int nonce(String hex) {
        return uint32Exact8(hex, "nonce");
    }

    /** BIP310 version bits: 1 to 8 hex characters, big-endian. */
    public static int versionBits(String hex) {
        if (hex == null) {
            throw new InvalidShareInputException("version-bits-missing", "version bits are missing");
        }
        try {
            return StratumCodec.parseUint32(hex);
        } catch (HexFormatException e) {
            throw new InvalidShareInputException("version-bits-hex", "version bits: " + e.getMessage(), e);
        }
    }

    private static int uint32Exact8(String hex, String field) {
        if (hex == null) {
            throw new InvalidShareInputException(field + "-missing", field + " is missing");
        }
        if (hex.length() != 8) {
            throw new InvalidShareInputException(field + "-length",
                    field + " must be 8 hex characters, got " + hex.length());
        }
        try {
            return StratumCodec.parseUint32(hex);
        } catch (HexFormatException e) {
            throw new InvalidShareInputException(field + "-hex", field + ": " + e.getMessage(), e);
        }
    }
}
