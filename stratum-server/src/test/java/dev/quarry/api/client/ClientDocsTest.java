package dev.quarry.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.Scope;
import dev.quarry.api.data.HolderData;
import dev.quarry.api.routes.ApiJson;
import dev.quarry.api.routes.ApiSettings;
import dev.quarry.api.routes.ApiTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/api/client.md: its Java class and its shell function both sign requests the live server accepts. */
class ClientDocsTest {

    @TempDir
    static Path dir;
    static ApiTestServer api;
    static ApiKeyService.CreatedKey key;

    @BeforeAll
    static void start() throws Exception {
        HolderData empty = new EmptyHolderData();
        // the examples use the real clock (System.currentTimeMillis / date +%s)
        api = new ApiTestServer(empty, ApiTestServer.fixedPool(), dir, ApiSettings.defaults(), System.currentTimeMillis());
        key = api.key("holder-doc", Scope.READ);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String doc() throws Exception {
        return Files.readString(Path.of("..", "docs", "api", "client.md"), StandardCharsets.UTF_8);
    }

    private static String between(String text, String begin, String end) {
        int b = text.indexOf(begin);
        int e = text.indexOf(end, b);
        assertTrue(b >= 0 && e > b, "markers " + begin + " / " + end + " missing");
        return text.substring(b + begin.length(), e);
    }

    @Test
    void docShowsTheTestedJavaClassVerbatim() throws Exception {
        String block = between(doc(), "<!-- BEGIN JAVA EXAMPLE -->\n```java\n", "```\n<!-- END JAVA EXAMPLE -->");
        String source = Files.readString(Path.of("src/test/java/dev/quarry/api/client/QuarryClient.java"), StandardCharsets.UTF_8);
        assertEquals(between(source, "// BEGIN CLIENT EXAMPLE\n", "// END CLIENT EXAMPLE"), block);
    }

    @Test
    void javaExampleIsAcceptedByTheServer() throws Exception {
        QuarryClient c = new QuarryClient(api.base, key.key().keyId(), key.secret());
        HttpResponse<String> me = c.get("/api/v1/me", Map.of());
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("holder-doc", ApiJson.MAPPER.readTree(me.body()).get("holderId").asText());
        HttpResponse<String> q = c.get("/api/v1/shares", Map.of("worker", "c 1.rig*", "limit", "5"));
        assertEquals(200, q.statusCode(), q.body());
        HttpResponse<String> post = c.send("POST", "/api/v1/keys", Map.of(), "{\"label\":\"from java\",\"scopes\":[\"read\"]}", Map.of());
        assertEquals(201, post.statusCode(), post.body());
        QuarryClient wrong = new QuarryClient(api.base, key.key().keyId(), key.secret() + "x");
        assertEquals("bad_signature", ApiJson.MAPPER.readTree(wrong.get("/api/v1/me", Map.of()).body()).get("reason").asText());
    }

    @Test
    void shellFunctionWithOpensslIsAcceptedByTheServer() throws Exception {
        String fn = between(doc(), "<!-- BEGIN SHELL EXAMPLE -->\n```bash\n", "```\n<!-- END SHELL EXAMPLE -->");
        Path script = dir.resolve("quarry.sh");
        Files.writeString(script, fn + "\n"
                + "quarry_curl GET /api/v1/me\necho\n"
                + "quarry_curl GET /api/v1/shares 'limit=5&worker=c%201.rig%2A'\necho\n"
                + "quarry_curl POST /api/v1/keys '' '{\"label\":\"from shell\",\"scopes\":[\"read\"]}'\necho\n", StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
        pb.environment().put("QUARRY_URL", api.base);
        pb.environment().put("QUARRY_KEY", key.key().keyId());
        pb.environment().put("QUARRY_SECRET", key.secret());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "shell example timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(3, lines.size(), out);
        JsonNode me = ApiJson.MAPPER.readTree(lines.get(0));
        assertEquals("holder-doc", me.get("holderId").asText(), out);
        assertTrue(ApiJson.MAPPER.readTree(lines.get(1)).has("shares"), out);
        assertEquals("from shell", ApiJson.MAPPER.readTree(lines.get(2)).get("label").asText(), out);
    }

    /** A holder with nothing yet: these tests are about signing, not data. */
    static final class EmptyHolderData implements HolderData {
        public List<ContractInfo> contracts(String h) { return List.of(); }
        public Optional<ContractInfo> contract(String h, String c) { return Optional.empty(); }
        public List<DifficultyBucket> difficultyBuckets(String h, String c, long f, long t, long b) { return List.of(); }
        public SharePage shares(String h, ShareFilter f) { return new SharePage(List.of(), null); }
        public List<WorkerActivity> workers(String h, long s) { return List.of(); }
        public LedgerPage ledger(String h, String c, int l) { return new LedgerPage(List.of(), null); }
        public long balanceSats(String h) { return 0; }
        public List<DailyEarning> earningsPerDay(String h, long f, long t) { return List.of(); }
        public List<Settlement> settlements(String h, int l) { return List.of(); }
        public Optional<Settlement> settlement(String h, long id) { return Optional.empty(); }
        public List<Payout> payouts(String h, int l) { return List.of(); }
        public Optional<Payout> payout(String h, String id) { return Optional.empty(); }
        public Optional<Payout> payoutByIdempotencyKey(String h, String k) { return Optional.empty(); }
        public PayoutOutcome requestPayout(String h, String k, long a, String addr) { throw new UnsupportedOperationException(); }
        public String payoutAddress(String h) { return null; }
        public void changePayoutAddress(String h, String a) { throw new UnsupportedOperationException(); }
    }
}
