package dev.quarry.api.auth;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestSignerTest {

    private static final String SECRET = "qs_test-secret_0123456789";
    private static final String BODY = "{\"amountSats\":150000,\"address\":\"bcrt1qtest\"}";

    private static Map<String, List<String>> query() {
        // Deliberately out of order and with a space: the canonical form sorts and RFC 3986-encodes.
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("worker", List.of("c1.rig 1"));
        q.put("limit", List.of("10"));
        return q;
    }

    @Test
    void canonicalStringHasSixLinesInTheDocumentedOrder() {
        String c = CanonicalRequest.build("post", "/api/v1/payouts", query(), 1700000000L, "n0nce-0001",
                BODY.getBytes(StandardCharsets.UTF_8));
        assertEquals("POST\n/api/v1/payouts\nlimit=10&worker=c1.rig%201\n1700000000\nn0nce-0001\n"
                + "217c9890c1d841db25b08533b28f2f9c41e5596eab251023f7bc52bb041958ca", c);
    }

    @Test
    void signatureMatchesAnIndependentJavaxCryptoComputation() throws Exception {
        // Built by hand here, not through CanonicalRequest, so a bug there cannot hide itself.
        byte[] bodyHash = MessageDigest.getInstance("SHA-256").digest(BODY.getBytes(StandardCharsets.UTF_8));
        String canonical = String.join("\n", "POST", "/api/v1/payouts", "limit=10&worker=c1.rig%201",
                "1700000000", "n0nce-0001", HexFormat.of().formatHex(bodyHash));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));

        String actual = RequestSigner.signHex(SECRET, CanonicalRequest.build("POST", "/api/v1/payouts", query(),
                1700000000L, "n0nce-0001", BODY.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, actual);
    }

    @Test
    void signatureMatchesOpensslOnTheCommandLine() {
        // Computed outside Java:
        //   B=$(printf '%s' '{"amountSats":150000,"address":"bcrt1qtest"}' | openssl dgst -sha256 -r | cut -d' ' -f1)
        //   printf 'POST\n/api/v1/payouts\nlimit=10&worker=c1.rig%%201\n1700000000\nn0nce-0001\n%s' "$B" \
        //     | openssl dgst -sha256 -hmac 'qs_test-secret_0123456789' -r
        String actual = RequestSigner.signHex(SECRET, CanonicalRequest.build("POST", "/api/v1/payouts", query(),
                1700000000L, "n0nce-0001", BODY.getBytes(StandardCharsets.UTF_8)));
        assertEquals("c5f5cb328149c9840a44cdd5aed8d96ffb0c5f10782be02f2cfdf8ed4a3f922f", actual);
    }

    @Test
    void getWithoutBodyHashesTheEmptyString() throws Exception {
        String canonical = "GET\n/api/v1/contracts\n\n1700000123\nabcdefgh\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("k".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals(HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8))),
                RequestSigner.signHex("k", CanonicalRequest.build("GET", "/api/v1/contracts", Map.of(), 1700000123L, "abcdefgh", null)));
    }

    @Test
    void queryIsSortedByNameThenValueAndEncodedPerRfc3986() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("b", List.of("z", "a~b"));
        q.put("a", List.of("x/y", "é", ""));
        q.put("A", List.of("*"));
        // sorted on the encoded strings (byte order, as AWS SigV4): "%C3%A9" < "x%2Fy" because % < x
        assertEquals("A=%2A&a=&a=%C3%A9&a=x%2Fy&b=a~b&b=z", CanonicalRequest.canonicalQuery(q));
    }

    @Test
    void pathSegmentsAreEncodedButSlashesKept() {
        assertEquals("/api/v1/contracts/c%201/shares", CanonicalRequest.canonicalPath("/api/v1/contracts/c 1/shares"));
        assertEquals("/api/v1/contracts/c-1.x_y~z", CanonicalRequest.canonicalPath("/api/v1/contracts/c-1.x_y~z"));
    }
}
