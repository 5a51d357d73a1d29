package dev.quarry.pow.sha;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Allocating SHA-256 conveniences for cold paths (thread-safe). Hot paths use a per-thread {@link Sha256Engine}. */
public final class Sha256 {
    private Sha256() {
    }

    public static byte[] sha256(byte[] data) {
        return newDigest().digest(data);
    }

    public static byte[] sha256d(byte[] data) {
        return sha256d(data, 0, data.length);
    }

    public static byte[] sha256d(byte[] data, int off, int len) {
        if (off < 0 || len < 0 || off > data.length - len) {
            throw new IllegalArgumentException("range off=" + off + " len=" + len + " outside array of length "
                    + data.length);
        }
        MessageDigest md = newDigest();
        md.update(data, off, len);
        return md.digest(md.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
