// --- docs/api/client.md includes this file verbatim between the markers (ClientDocsTest checks it) ---
// BEGIN CLIENT EXAMPLE
package dev.quarry.api.client;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Minimal signed client for the Quarry holder API: JDK only (java.net.http + javax.crypto). */
public final class QuarryClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final SecureRandom random = new SecureRandom();
    private final String baseUrl;   // e.g. "http://127.0.0.1:8080"
    private final String keyId;     // "qk_..."
    private final String secret;    // "qs_...", shown once when the key was created

    public QuarryClient(String baseUrl, String keyId, String secret) {
        this.baseUrl = baseUrl;
        this.keyId = keyId;
        this.secret = secret;
    }

    /** Sends a signed request; query values are plain (unencoded) strings; body may be null. */
    public HttpResponse<String> send(String method, String path, Map<String, String> query, String body,
                                     Map<String, String> extraHeaders) throws Exception {
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String canonicalQuery = new TreeMap<>(query).entrySet().stream()
                .map(e -> rfc3986(e.getKey()) + "=" + rfc3986(e.getValue()))
                .sorted()
                .collect(Collectors.joining("&"));
        long timestamp = System.currentTimeMillis() / 1000;
        byte[] n = new byte[16];
        random.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        String canonical = String.join("\n", method, path, canonicalQuery, Long.toString(timestamp), nonce,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bodyBytes)));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));

        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path + (canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery)))
                .header("X-Quarry-Key", keyId)
                .header("X-Quarry-Timestamp", Long.toString(timestamp))
                .header("X-Quarry-Nonce", nonce)
                .header("X-Quarry-Signature", signature)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bodyBytes));
        if (body != null) b.header("Content-Type", "application/json");
        extraHeaders.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, Map<String, String> query) throws Exception {
        return send("GET", path, query, null, Map.of());
    }

    /** RFC 3986 percent-encoding: URLEncoder's form encoding with the three differences fixed. */
    static String rfc3986(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
// END CLIENT EXAMPLE
