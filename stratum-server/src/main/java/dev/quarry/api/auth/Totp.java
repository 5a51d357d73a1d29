package dev.quarry.api.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.OptionalLong;

/**
 * RFC 6238 TOTP over RFC 4226 HOTP: HMAC-SHA1 (configurable), 30-second steps from the Unix epoch,
 * 6 digits by default (configurable), accepting the current step and one step either side for
 * clock drift. Pure: the caller passes the time.
 */
public final class Totp {

    private final String hmacAlgorithm;
    private final int digits;
    private final long stepSeconds;
    private final int driftSteps;

    public Totp(String hmacAlgorithm, int digits, long stepSeconds, int driftSteps) {
        if (digits < 6 || digits > 9) throw new IllegalArgumentException("TOTP digits must be 6..9, got " + digits);
        this.hmacAlgorithm = hmacAlgorithm;
        this.digits = digits;
        this.stepSeconds = stepSeconds;
        this.driftSteps = driftSteps;
    }

    /** HMAC-SHA1, 6 digits, 30 s, ±1 step: what every authenticator app uses. */
    public static Totp standard() {
        return new Totp("HmacSHA1", 6, 30, 1);
    }

    public int digits() {
        return digits;
    }

    public long stepSeconds() {
        return stepSeconds;
    }

    public long step(long unixSeconds) {
        return Math.floorDiv(unixSeconds, stepSeconds);
    }

    /** The code for a given step, left-padded with zeros to {@code digits}. */
    public String codeAt(byte[] seed, long step) {
        byte[] h;
        try {
            Mac mac = Mac.getInstance(hmacAlgorithm);
            mac.init(new SecretKeySpec(seed, hmacAlgorithm));
            h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmacAlgorithm + " unavailable", e);
        }
        int off = h[h.length - 1] & 0x0f;
        int bin = ((h[off] & 0x7f) << 24) | ((h[off + 1] & 0xff) << 16) | ((h[off + 2] & 0xff) << 8) | (h[off + 3] & 0xff);
        long mod = 1;
        for (int i = 0; i < digits; i++) mod *= 10;
        String s = Long.toString(bin % mod);
        return "0".repeat(digits - s.length()) + s;
    }

    /**
     * The step whose code matches, searching now ± drift; empty if none. Every candidate is
     * compared (constant time, no early exit) so timing does not reveal which step matched.
     */
    public OptionalLong matchingStep(byte[] seed, String code, long unixSeconds) {
        if (code == null || code.length() != digits || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long now = step(unixSeconds);
        long found = Long.MIN_VALUE;
        for (long s = now - driftSteps; s <= now + driftSteps; s++) {
            if (MessageDigest.isEqual(given, codeAt(seed, s).getBytes(StandardCharsets.US_ASCII)) && found == Long.MIN_VALUE) {
                found = s;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** The otpauth:// URI authenticator apps scan (Key Uri Format). */
    public String otpauthUri(String issuer, String account, byte[] seed) {
        String alg = hmacAlgorithm.replace("Hmac", "");
        return "otpauth://totp/" + CanonicalRequest.rfc3986(issuer) + ":" + CanonicalRequest.rfc3986(account)
                + "?secret=" + Base32.encode(seed) + "&issuer=" + CanonicalRequest.rfc3986(issuer)
                + "&algorithm=" + alg + "&digits=" + digits + "&period=" + stepSeconds;
    }
}
