package dev.quarry.api.auth;

import dev.quarry.http.HttpRequestView;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared set-up for auth tests: a SQLite-backed key service under a random master key. */
final class AuthFixtures {

    private AuthFixtures() {
    }

    static ApiKeyService keyService(Path dir) {
        SecureRandom rnd = new SecureRandom();
        byte[] master = new byte[32];
        rnd.nextBytes(master);
        String url = "jdbc:sqlite:" + dir.resolve("auth.db");
        return new ApiKeyService(new JdbcAuthStore(() -> DriverManager.getConnection(url)), new SecretBox(master, rnd), rnd);
    }

    static HttpRequestView signed(String method, String path, Map<String, List<String>> query, byte[] body,
                                  String keyId, String secret, long ts, String nonce) {
        String sig = RequestSigner.signHex(secret, CanonicalRequest.build(method, path, query, ts, nonce, body));
        return request(method, path, query, body, keyId, Long.toString(ts), nonce, sig);
    }

    static HttpRequestView request(String method, String path, Map<String, List<String>> query, byte[] body,
                                   String keyId, String ts, String nonce, String sig) {
        Map<String, String> h = new HashMap<>();
        if (keyId != null) h.put("x-quarry-key", keyId);
        if (ts != null) h.put("x-quarry-timestamp", ts);
        if (nonce != null) h.put("x-quarry-nonce", nonce);
        if (sig != null) h.put("x-quarry-signature", sig);
        return new HttpRequestView(method, path, "", query, h, body, InetAddress.getLoopbackAddress());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
