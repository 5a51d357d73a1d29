package dev.quarry.api.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * HMAC-SHA256 of the canonical request under the key's secret. The HMAC key is the UTF-8 bytes of
 * the secret string exactly as shown at creation (so {@code openssl dgst -sha256 -hmac "$SECRET"}
 * and WebCrypto's {@code TextEncoder} produce the same MAC). The signature header carries the MAC
 * as 64 lower-case hex characters.
 */
public final class RequestSigner {

    private RequestSigner() {
    }

    public static byte[] mac(byte[] secret, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JDK", e);
        }
    }

    public static String signHex(String secret, String canonical) {
        return HexFormat.of().formatHex(mac(secret.getBytes(StandardCharsets.UTF_8), canonical));
    }
}
