package dev.quarry.pow.address;

import java.util.Objects;

/** A string that is not a valid address for the network it was checked against; the message says why. */
public final class InvalidAddressException extends IllegalArgumentException {

    /** What is wrong, for callers (and tests) that branch on it; the message has the details. */
    public enum Reason {
        EMPTY,
        TOO_LONG,
        INVALID_CHARACTER,
        MIXED_CASE,
        MISSING_SEPARATOR,
        EMPTY_PREFIX,
        CHECKSUM_TOO_SHORT,
        BAD_CHECKSUM,
        /** A bech32 checksum where bech32m is required or the other way round (BIP350). */
        CHECKSUM_VARIANT_MISMATCH,
        UNKNOWN_PREFIX,
        WRONG_NETWORK,
        BAD_LENGTH,
        BAD_WITNESS_VERSION,
        BAD_WITNESS_PROGRAM_LENGTH,
        BAD_PADDING,
        PRIVATE_KEY
    }

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public InvalidAddressException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
