package dev.quarry.pow.sha;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Engine on the JDK's MessageDigest("SHA-256"), which HotSpot compiles to the CPU's SHA instructions where the
 * UseSHA256Intrinsics flag is on. One digest object is reused; digest(buf, off, len) writes into our scratch, so
 * no call allocates.
 */
public final class JdkSha256Engine implements Sha256Engine {
    private final MessageDigest md;
    private final byte[] first = new byte[32];
    private final byte[] pair = new byte[64];

    public JdkSha256Engine() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public void sha256(byte[] in, int off, int len, byte[] out, int outOff) {
        check(in, off, len, out, outOff);
        md.update(in, off, len);
        finish(out, outOff);
    }

    @Override
    public void sha256d(byte[] in, int off, int len, byte[] out, int outOff) {
        check(in, off, len, out, outOff);
        md.update(in, off, len);
        finish(first, 0);
        md.update(first, 0, 32);
        finish(out, outOff);
    }

    @Override
    public void sha256dPair(byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        check(left, leftOff, 32, out, outOff);
        check(right, rightOff, 32, out, outOff);
        // One 64-byte update: the digest compresses it straight from our array instead of buffering halves.
        System.arraycopy(left, leftOff, pair, 0, 32);
        System.arraycopy(right, rightOff, pair, 32, 32);
        md.update(pair, 0, 64);
        finish(first, 0);
        md.update(first, 0, 32);
        finish(out, outOff);
    }

    @Override
    public void sha256dAfterPrefix(Sha256Prefix prefix, byte[] in, int off, int len, byte[] out, int outOff) {
        check(in, off, len, out, outOff);
        byte[] p = prefix.bytes();
        md.update(p, 0, p.length);
        md.update(in, off, len);
        finish(first, 0);
        md.update(first, 0, 32);
        finish(out, outOff);
    }

    /** Checked before any update, so a bad call never leaves half a message inside the reused digest. */
    private static void check(byte[] in, int off, int len, byte[] out, int outOff) {
        if (off < 0 || len < 0 || off > in.length - len) {
            throw new IllegalArgumentException("range off=" + off + " len=" + len + " outside array of length "
                    + in.length);
        }
        if (outOff < 0 || outOff > out.length - 32) {
            throw new IllegalArgumentException("output needs 32 bytes at offset " + outOff);
        }
    }

    private void finish(byte[] out, int outOff) {
        try {
            md.digest(out, outOff, 32);
        } catch (DigestException e) {
            // Only thrown when fewer than 32 bytes are available at outOff: a caller bug, reported as such.
            throw new IllegalArgumentException("output needs 32 bytes at offset " + outOff, e);
        }
    }
}
