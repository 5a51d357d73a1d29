package dev.quarry.api.routes;

import dev.quarry.api.ApiModule;
import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.CanonicalRequest;
import dev.quarry.api.auth.JdbcAuthStore;
import dev.quarry.api.auth.RequestSigner;
import dev.quarry.api.auth.Scope;
import dev.quarry.api.data.HolderData;
import dev.quarry.api.data.PoolStatusProvider;
import dev.quarry.http.HttpRouter;
import dev.quarry.http.HttpServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The real HTTP server with the API mounted, on a loopback port, plus a signing helper that follows the server's (mutable) clock. */
public final class ApiTestServer implements AutoCloseable {

    public final MutableClock clock;
    public final ApiModule module;
    public final HttpServer server;
    public final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SecureRandom random = new SecureRandom();

    public ApiTestServer(HolderData data, PoolStatusProvider pool, Path dir, ApiSettings settings, long startMillis) throws Exception {
        this.clock = new MutableClock(startMillis);
        byte[] master = new byte[32];
        random.nextBytes(master);
        java.nio.file.Files.createDirectories(dir);
        String url = "jdbc:sqlite:" + dir.resolve("auth.db");
        this.module = new ApiModule(data, pool, new JdbcAuthStore(() -> DriverManager.getConnection(url)), master, settings, clock);
        HttpRouter router = new HttpRouter();
        module.mount(router);
        this.server = new HttpServer(router, 1 << 20, 2);
        InetSocketAddress a = server.start("127.0.0.1", 0);
        this.base = "http://127.0.0.1:" + a.getPort();
    }

    public ApiKeyService.CreatedKey key(String holder, Scope... scopes) {
        return module.keys().create(holder, "test", scopes.length == 0 ? EnumSet.of(Scope.READ) : Set.of(scopes), clock.millis() / 1000);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> signed(ApiKeyService.CreatedKey k, String method, String path, Map<String, String> query,
                                       String body, Map<String, String> headers) throws Exception {
        byte[] n = new byte[12];
        random.nextBytes(n);
        return signedWith(k.key().keyId(), k.secret(), method, path, query, body, headers, clock.millis() / 1000, HexFormat.of().formatHex(n));
    }

    public HttpResponse<String> signedWith(String keyId, String secret, String method, String path, Map<String, String> query,
                                           String body, Map<String, String> headers, long ts, String nonce) throws Exception {
        Map<String, List<String>> q = new LinkedHashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String cq = CanonicalRequest.canonicalQuery(q);
        String sig = RequestSigner.signHex(secret, CanonicalRequest.build(method, path, q, ts, nonce, b));
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path + (cq.isEmpty() ? "" : "?" + cq)))
                .header("X-Quarry-Key", keyId).header("X-Quarry-Timestamp", Long.toString(ts))
                .header("X-Quarry-Nonce", nonce).header("X-Quarry-Signature", sig)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(b));
        headers.forEach(rb::header);
        return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> signedGet(ApiKeyService.CreatedKey k, String path) throws Exception {
        return signed(k, "GET", path, Map.of(), null, Map.of());
    }

    @Override
    public void close() {
        server.close();
    }

    /** A fixed pool status for tests. */
    public static PoolStatusProvider fixedPool() {
        return new PoolStatusProvider() {
            @Override
            public PoolStatus status() {
                return new PoolStatus(1.5e12, 3, 2, 1.0, 101, 1000);
            }

            @Override
            public List<FoundBlock> foundBlocks(int limit) {
                return List.of(new FoundBlock(100, "00".repeat(32), 999, "accepted", "c1.rig1", 5_000_000_000L, 1)).subList(0, Math.min(1, limit));
            }
        };
    }
}
