package dev.quarry.api.auth;

import dev.quarry.http.HttpRequestView;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a signed request (headers {@value #KEY_HEADER}, {@value #TIMESTAMP_HEADER},
 * {@value #NONCE_HEADER}, {@value #SIGNATURE_HEADER}). Order of checks and why:
 * <ol>
 *   <li>headers present and well-formed;</li>
 *   <li>timestamp within ±window of the server clock (reveals nothing about keys);</li>
 *   <li>key lookup and HMAC: an unknown key id is verified against a decoy secret, doing the same
 *       AES-GCM opening and HMAC as a known one, and the comparison is MessageDigest.isEqual, so
 *       response time does not reveal whether a key id exists or how much of a signature matched;</li>
 *   <li>only then unknown / revoked / bad signature are told apart;</li>
 *   <li>the nonce is recorded only for correctly signed requests, so a forger cannot burn nonces.</li>
 * </ol>
 */
public final class RequestVerifier {

    public static final String KEY_HEADER = "X-Quarry-Key";
    public static final String TIMESTAMP_HEADER = "X-Quarry-Timestamp";
    public static final String NONCE_HEADER = "X-Quarry-Nonce";
    public static final String SIGNATURE_HEADER = "X-Quarry-Signature";

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_\\-]{8,64}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /** Outcome: either the authenticated key or the reason for refusal. */
    public record Verdict(ApiKey key, AuthFailure failure) {
        public boolean ok() {
            return failure == null;
        }

        static Verdict fail(AuthFailure f) {
            return new Verdict(null, f);
        }
    }

    private final ApiKeyService keys;
    private final NonceCache nonces;
    private final long windowSeconds;
    private final byte[] sealedDecoy;

    public RequestVerifier(ApiKeyService keys, NonceCache nonces, long windowSeconds, SecureRandom random) {
        this.keys = keys;
        this.nonces = nonces;
        this.windowSeconds = windowSeconds;
        byte[] decoy = new byte[46];
        random.nextBytes(decoy);
        this.sealedDecoy = keys.sealDecoy(Base64.getUrlEncoder().withoutPadding().encodeToString(decoy)
                .substring(0, 43).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public long windowSeconds() {
        return windowSeconds;
    }

    public Verdict verify(HttpRequestView req, long nowSeconds) {
        String keyId = req.header(KEY_HEADER);
        String ts = req.header(TIMESTAMP_HEADER);
        String nonce = req.header(NONCE_HEADER);
        String sig = req.header(SIGNATURE_HEADER);
        if (keyId == null || ts == null || nonce == null || sig == null) return Verdict.fail(AuthFailure.MISSING_HEADERS);
        if (!KEY_ID.matcher(keyId).matches() || !NONCE.matcher(nonce).matches()
                || !TIMESTAMP.matcher(ts).matches() || !SIGNATURE_HEX.matcher(sig).matches()) {
            return Verdict.fail(AuthFailure.MALFORMED_HEADERS);
        }
        long timestamp = Long.parseLong(ts);
        if (Math.abs(nowSeconds - timestamp) > windowSeconds) return Verdict.fail(AuthFailure.TIMESTAMP_OUT_OF_WINDOW);

        Optional<ApiKeyService.ResolvedKey> resolved = keys.resolve(keyId);
        byte[] secret = resolved.isPresent() ? resolved.get().secretUtf8() : keys.openDecoy(sealedDecoy);
        String canonical = CanonicalRequest.build(req.method(), req.path(), req.query(), timestamp, nonce, req.body());
        byte[] expected = RequestSigner.mac(secret, canonical);
        boolean signatureOk = MessageDigest.isEqual(expected, HexFormat.of().parseHex(sig));

        if (resolved.isEmpty()) return Verdict.fail(AuthFailure.UNKNOWN_KEY);
        ApiKey key = resolved.get().key();
        if (key.revoked()) return Verdict.fail(AuthFailure.REVOKED_KEY);
        if (!signatureOk) return Verdict.fail(AuthFailure.BAD_SIGNATURE);
        // Kept until the timestamp can no longer pass the window check, then forgotten.
        switch (nonces.checkAndRecord(keyId, nonce, nowSeconds, timestamp + windowSeconds)) {
            case REUSED:
                return Verdict.fail(AuthFailure.NONCE_REUSED);
            case FULL:
                return Verdict.fail(AuthFailure.NONCE_CACHE_FULL);
            default:
                return new Verdict(key, null);
        }
    }
}
