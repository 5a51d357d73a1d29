package dev.quarry.accounting.testing;

import dev.quarry.accounting.journal.AcceptedShare;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Deterministic test shares: the header hash is SHA-256 of a counter, so every n is a distinct share. */
public final class Shares {
    private Shares() {
    }

    public static byte[] hash(long n) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(8).putLong(n).array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AcceptedShare share(long n, String contract, double difficulty, int nBits, long height, long timeMs) {
        return new AcceptedShare(hash(n), timeMs, contract, contract + ".rig1", "job" + (n % 7),
                "00000000ffff0000000000000000000000000000000000000000000000000000", difficulty, difficulty * 1.5,
                nBits, height, false);
    }

    public static AcceptedShare share(long n) {
        return share(n, "c1", 65536.0, 0x1701e636, 900_000, 1_700_000_000_000L + n);
    }
}
