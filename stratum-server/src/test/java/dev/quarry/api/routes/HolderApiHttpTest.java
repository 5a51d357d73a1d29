package dev.quarry.api.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.Base32;
import dev.quarry.api.auth.Scope;
import dev.quarry.api.auth.Totp;
import dev.quarry.api.data.HolderData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HolderApiHttpTest {

    /** 2026-01-01T00:00:00Z, a minute boundary. */
    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path dir;
    private InMemoryHolderData data;
    private ApiTestServer api;
    private ApiKeyService.CreatedKey read;
    private ApiKeyService.CreatedKey payout;

    @BeforeEach
    void start() throws Exception {
        data = new InMemoryHolderData();
        data.contracts.put("h1", List.of(new HolderData.ContractInfo("c1", "active", "dedicated", 100_000, T0 - 86_400_000L, T0 + 86_400_000L * 30, 1_000_000, 50)));
        data.contracts.put("h2", List.of(new HolderData.ContractInfo("c2", "active", "dedicated", 5_000, T0, T0 + 1, 1, 1)));
        // three shares of difficulty 1000, 2000 and 0.5 in the minute [T0, T0+60 s), one in the next minute
        addShare(1, T0 + 1_000, "c1", "c1.rig1", 1000);
        addShare(2, T0 + 30_000, "c1", "c1.rig1", 2000);
        addShare(3, T0 + 59_999, "c1", "c1.rig2", 0.5);
        addShare(4, T0 + 60_000, "c1", "c1.rig2", 4096);
        addShare(5, T0 + 10_000, "c2", "c2.x", 7);
        data.ledger.put("h1", new ArrayList<>(List.of(
                new HolderData.LedgerEntry("le1", "t1", 3_000_000, "pps_credit", "c1", "settlement", "7", T0 + 3_600_000))));
        data.settlements.put("h1", List.of(new HolderData.Settlement(7, T0, T0 + 3_600_000, "pps", 250,
                List.of(new HolderData.SettlementLine("c1", 4, "7096.5", 3_100_000, 0, 0, 100_000, 3_000_000)))));
        api = new ApiTestServer(data, ApiTestServer.fixedPool(), dir, ApiSettings.defaults(), T0 + 120_000);
        read = api.key("h1", Scope.READ);
        payout = api.key("h1", Scope.READ, Scope.PAYOUT);
    }

    private void addShare(long seq, long t, String contract, String worker, double d) {
        data.shares.add(new HolderData.ShareInfo(String.format("%064x", seq), seq, t, contract, worker, d, d * 1.5,
                0x1d00ffff, 100, false, "12.5", 7L));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiJson.MAPPER.readTree(r.body());
    }

    @Test
    void poolStatusAndBlocksArePublic() throws Exception {
        HttpResponse<String> r = api.get("/api/v1/pool/status");
        assertEquals(200, r.statusCode());
        JsonNode j = json(r);
        assertEquals(3, j.get("miners").asInt());
        assertEquals(101, j.get("height").asLong());
        assertEquals("accepted", j.get("lastBlocks").get(0).get("status").asText());
        assertEquals(100, json(api.get("/api/v1/pool/blocks?limit=5")).get("blocks").get(0).get("height").asLong());
    }

    @Test
    void holderRoutesNeedASignature() throws Exception {
        HttpResponse<String> r = api.get("/api/v1/contracts");
        assertEquals(401, r.statusCode());
        assertEquals("missing_auth_headers", json(r).get("reason").asText());
    }

    @Test
    void contractsShowBoughtVersusDeliveredAndTerm() throws Exception {
        JsonNode c = json(api.signedGet(read, "/api/v1/contracts")).get("contracts");
        assertEquals(1, c.size(), "only the holder's own contracts");
        assertEquals("c1", c.get(0).get("id").asText());
        assertEquals(1e14, c.get(0).get("hashrateBought").asDouble(), 1);
        // last hour holds all four c1 shares: 7096.5 × 2^32 / 3600
        assertEquals(7096.5 * 4294967296.0 / 3600, c.get(0).get("hashrateDelivered1h").asDouble(), 1e-3);
        assertEquals(T0 + 86_400_000L * 30, c.get(0).get("term").get("endMs").asLong());
        assertEquals(404, api.signedGet(read, "/api/v1/contracts/c2").statusCode(), "another holder's contract is not found");
    }

    @Test
    void hashrateSeriesIsSumOfDifficultyTimesTwoPow32OverSeconds() throws Exception {
        HttpResponse<String> r = api.signed(read, "GET", "/api/v1/contracts/c1/hashrate",
                Map.of("bucket", "1m", "from", Long.toString(T0), "to", Long.toString(T0 + 120_000)), null, Map.of());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode p = json(r).get("points");
        assertEquals(2, p.size());
        BigDecimal expected = new BigDecimal("3000.5").multiply(new BigDecimal(BigInteger.ONE.shiftLeft(32)))
                .divide(BigDecimal.valueOf(60), java.math.MathContext.DECIMAL64);
        assertEquals(expected.doubleValue(), p.get(0).get("hashrate").asDouble(), 1e-3); // about 2.9e11 H/s: doubles differ in the last ulp
        assertEquals(3, p.get(0).get("shares").asLong());
        assertEquals(4096.0 * 4294967296.0 / 60, p.get(1).get("hashrate").asDouble(), 1e-3);
        assertEquals(400, api.signed(read, "GET", "/api/v1/contracts/c1/hashrate", Map.of("bucket", "5m"), null, Map.of()).statusCode());
        assertEquals(200, api.signed(read, "GET", "/api/v1/contracts/c1/hashrate", Map.of("bucket", "1d"), null, Map.of()).statusCode());
    }

    @Test
    void sharesArePagedAndFiltered() throws Exception {
        JsonNode first = json(api.signed(read, "GET", "/api/v1/shares", Map.of("limit", "2"), null, Map.of()));
        assertEquals(2, first.get("shares").size());
        assertEquals(4, first.get("shares").get(0).get("seq").asLong(), "newest first");
        assertEquals(1.0, first.get("shares").get(0).get("networkDifficulty").asDouble(), 1e-12);
        assertEquals("12.5", first.get("shares").get(0).get("creditSats").asText());
        long cursor = first.get("nextCursor").asLong();
        JsonNode second = json(api.signed(read, "GET", "/api/v1/shares", Map.of("limit", "2", "cursor", Long.toString(cursor)), null, Map.of()));
        assertEquals(List.of(2L, 1L), List.of(second.get("shares").get(0).get("seq").asLong(), second.get("shares").get(1).get("seq").asLong()));
        assertTrue(second.get("nextCursor").isNull());
        JsonNode rig2 = json(api.signed(read, "GET", "/api/v1/shares", Map.of("worker", "c1.rig2"), null, Map.of()));
        assertEquals(2, rig2.get("shares").size());
        JsonNode window = json(api.signed(read, "GET", "/api/v1/shares",
                Map.of("from", Long.toString(T0 + 20_000), "to", Long.toString(T0 + 60_000)), null, Map.of()));
        assertEquals(2, window.get("shares").size());
        HttpResponse<String> bad = api.signed(read, "GET", "/api/v1/shares", Map.of("limit", "lots"), null, Map.of());
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad).get("message").asText().contains("limit"));
    }

    @Test
    void workersShowLastShareDifficultyHashrateAndRejectsByReason() throws Exception {
        api.module.workerEvents().difficultyChanged("c1.rig1", 2048);
        api.module.workerEvents().shareRejected("c1.rig1", "stale", T0);
        api.module.workerEvents().shareRejected("c1.rig1", "stale", T0);
        api.module.workerEvents().shareRejected("c1.rig1", "duplicate", T0);
        JsonNode w = json(api.signedGet(read, "/api/v1/workers")).get("workers");
        assertEquals(2, w.size());
        JsonNode rig1 = w.get(0);
        assertEquals("c1.rig1", rig1.get("worker").asText());
        assertEquals(T0 + 30_000, rig1.get("lastShareMs").asLong());
        assertEquals(2048, rig1.get("currentDifficulty").asDouble());
        assertEquals(3000.0 * 4294967296.0 / 3600, rig1.get("hashrate").asDouble(), 1e-3);
        assertEquals(2, rig1.get("rejects").get("stale").asLong());
        assertEquals(1, rig1.get("rejects").get("duplicate").asLong());
        JsonNode rig2 = w.get(1);
        assertEquals(4096, rig2.get("currentDifficulty").asDouble(), "no report from the server: the latest share's difficulty");
    }

    @Test
    void ledgerBalanceEarningsAndSettlementCsv() throws Exception {
        JsonNode l = json(api.signedGet(read, "/api/v1/ledger"));
        assertEquals("settlement", l.get("entries").get(0).get("refType").asText());
        assertEquals("7", l.get("entries").get(0).get("refId").asText());
        assertEquals(3_000_000, json(api.signedGet(read, "/api/v1/balance")).get("balanceSats").asLong());
        JsonNode days = json(api.signedGet(read, "/api/v1/earnings/daily")).get("days");
        assertEquals("2026-01-01", days.get(0).get("day").asText());
        assertEquals(3_000_000, days.get(0).get("creditedSats").asLong());
        assertEquals(250, json(api.signedGet(read, "/api/v1/settlements/7")).get("feeBps").asInt());
        HttpResponse<String> csv = api.signedGet(read, "/api/v1/settlements/7/statement.csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals("7," + T0 + "," + (T0 + 3_600_000) + ",pps,250,c1,4,7096.5,3100000,0,0,100000,3000000", csv.body().split("\r\n")[1]);
        assertEquals(404, api.signedGet(read, "/api/v1/settlements/8").statusCode());
        assertEquals(400, api.signedGet(read, "/api/v1/settlements/x").statusCode());
    }

    @Test
    void payoutNeedsPayoutScopeIdempotencyKeyAndReplaysTheFirstResult() throws Exception {
        data.addresses.put("h1", "bcrt1qholder");
        HttpResponse<String> noScope = api.signed(read, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":1000}", Map.of("Idempotency-Key", "a1"));
        assertEquals(403, noScope.statusCode());
        assertEquals("insufficient_scope", json(noScope).get("reason").asText());
        HttpResponse<String> noKey = api.signed(payout, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":1000}", Map.of());
        assertEquals(400, noKey.statusCode());
        HttpResponse<String> first = api.signed(payout, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":1000}", Map.of("Idempotency-Key", "a1"));
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> again = api.signed(payout, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":1000}", Map.of("Idempotency-Key", "a1"));
        assertEquals(200, again.statusCode());
        assertEquals(json(first).get("id").asText(), json(again).get("id").asText());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        HttpResponse<String> conflict = api.signed(payout, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":2000}", Map.of("Idempotency-Key", "a1"));
        assertEquals(409, conflict.statusCode());
        assertEquals(2_999_000, json(api.signedGet(read, "/api/v1/balance")).get("balanceSats").asLong(), "debited once");
        String id = json(first).get("id").asText();
        assertEquals("requested", json(api.signedGet(read, "/api/v1/payouts/" + id)).get("status").asText());
        assertEquals(1, json(api.signedGet(read, "/api/v1/payouts")).get("payouts").size());
    }

    @Test
    void concurrentDuplicatePayoutRequestsCreateOnePayout() throws Exception {
        data.addresses.put("h1", "bcrt1qholder");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> api.signed(payout, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":5000}", Map.of("Idempotency-Key", "same-key")));
            }
            List<String> ids = new ArrayList<>();
            int created = 0;
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                HttpResponse<String> r = f.get();
                assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.body());
                if (r.statusCode() == 201) created++;
                ids.add(json(r).get("id").asText());
            }
            assertEquals(1, created);
            assertEquals(1, ids.stream().distinct().count());
            assertEquals(3_000_000 - 5000, json(api.signedGet(read, "/api/v1/balance")).get("balanceSats").asLong());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void addressChangeAndLargePayoutNeedATotpCode() throws Exception {
        HttpResponse<String> notEnrolled = api.signed(payout, "PUT", "/api/v1/payout-address", Map.of(), "{\"address\":\"bcrt1qnew\"}", Map.of());
        assertEquals(403, notEnrolled.statusCode());
        assertEquals("totp_not_enrolled", json(notEnrolled).get("error").asText());

        JsonNode enrol = json(api.signed(payout, "POST", "/api/v1/totp/enrolment", Map.of(), null, Map.of()));
        byte[] seed = Base32.decode(enrol.get("secret").asText());
        assertTrue(enrol.get("otpauthUri").asText().startsWith("otpauth://totp/Quarry:h1?secret="));
        Totp t = Totp.standard();
        long now = api.clock.millis() / 1000;
        HttpResponse<String> wrongConfirm = api.signed(payout, "POST", "/api/v1/totp/confirm", Map.of(), "{\"totp\":\"" + other(t.codeAt(seed, t.step(now))) + "\"}", Map.of());
        assertEquals(403, wrongConfirm.statusCode());
        assertEquals(200, api.signed(payout, "POST", "/api/v1/totp/confirm", Map.of(), "{\"totp\":\"" + t.codeAt(seed, t.step(now)) + "\"}", Map.of()).statusCode());
        assertTrue(json(api.signedGet(read, "/api/v1/me")).get("totpEnrolled").asBoolean());

        HttpResponse<String> noCode = api.signed(payout, "PUT", "/api/v1/payout-address", Map.of(), "{\"address\":\"bcrt1qnew\"}", Map.of());
        assertEquals("totp_required", json(noCode).get("error").asText());
        api.clock.advanceSeconds(30);
        now += 30;
        HttpResponse<String> ok = api.signed(payout, "PUT", "/api/v1/payout-address", Map.of(), "{\"address\":\"bcrt1qnew\",\"totp\":\"" + t.codeAt(seed, t.step(now)) + "\"}", Map.of());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("bcrt1qnew", json(api.signedGet(read, "/api/v1/payout-address")).get("address").asText());
        HttpResponse<String> replayedCode = api.signed(payout, "PUT", "/api/v1/payout-address", Map.of(), "{\"address\":\"bcrt1qother\",\"totp\":\"" + t.codeAt(seed, t.step(now)) + "\"}", Map.of());
        assertEquals("totp_invalid", json(replayedCode).get("error").asText());
        api.clock.advanceSeconds(30);
        now += 30;
        HttpResponse<String> badAddress = api.signed(payout, "PUT", "/api/v1/payout-address", Map.of(), "{\"address\":\"1notregtest\",\"totp\":\"" + t.codeAt(seed, t.step(now)) + "\"}", Map.of());
        assertEquals(400, badAddress.statusCode());
        assertEquals("invalid_address", json(badAddress).get("error").asText());

        // default threshold 1,000,000 sats: 2,000,000 needs a code, 500,000 does not
        HttpResponse<String> big = api.signed(payout, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":2000000}", Map.of("Idempotency-Key", "big"));
        assertEquals(403, big.statusCode());
        assertEquals("totp_required", json(big).get("error").asText());
        api.clock.advanceSeconds(30);
        now += 30;
        HttpResponse<String> bigOk = api.signed(payout, "POST", "/api/v1/payouts", Map.of(),
                "{\"amountSats\":2000000,\"totp\":\"" + t.codeAt(seed, t.step(now)) + "\"}", Map.of("Idempotency-Key", "big"));
        assertEquals(201, bigOk.statusCode(), bigOk.body());
        assertEquals("bcrt1qnew", json(bigOk).get("address").asText());
        assertEquals(201, api.signed(payout, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":500000}", Map.of("Idempotency-Key", "small")).statusCode());
    }

    private static String other(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    void keysCanBeCreatedListedAndRevokedWithinOwnScopes() throws Exception {
        HttpResponse<String> escalate = api.signed(read, "POST", "/api/v1/keys", Map.of(), "{\"label\":\"x\",\"scopes\":[\"payout\"]}", Map.of());
        assertEquals(403, escalate.statusCode());
        HttpResponse<String> created = api.signed(read, "POST", "/api/v1/keys", Map.of(), "{\"label\":\"phone\",\"scopes\":[\"read\"]}", Map.of());
        assertEquals(201, created.statusCode());
        String newId = json(created).get("keyId").asText();
        assertTrue(json(created).get("secret").asText().startsWith("qs_"));
        JsonNode list = json(api.signedGet(read, "/api/v1/keys")).get("keys");
        assertEquals(3, list.size());
        for (JsonNode k : list) assertNull(k.get("secret"), "secrets are shown once, never listed");
        ApiKeyService.CreatedKey made = new ApiKeyService.CreatedKey(
                new dev.quarry.api.auth.ApiKey(newId, "h1", "phone", Set.of(Scope.READ), 0, 0), json(created).get("secret").asText());
        assertEquals(200, api.signedGet(made, "/api/v1/me").statusCode());
        assertEquals(200, api.signed(read, "DELETE", "/api/v1/keys/" + newId, Map.of(), null, Map.of()).statusCode());
        HttpResponse<String> after = api.signedGet(made, "/api/v1/me");
        assertEquals(401, after.statusCode());
        assertEquals("revoked_key", json(after).get("reason").asText());
        assertEquals(404, api.signed(read, "DELETE", "/api/v1/keys/" + newId, Map.of(), null, Map.of()).statusCode());
    }

    @Test
    void everyAuthFailureHasItsOwnReasonOverHttp() throws Exception {
        long ts = api.clock.millis() / 1000;
        assertEquals("unknown_key", json(api.signedWith("qk_ffffffffffffffff", read.secret(), "GET", "/api/v1/me", Map.of(), null, Map.of(), ts, "nonce-h001")).get("reason").asText());
        assertEquals("bad_signature", json(api.signedWith(read.key().keyId(), "qs_wrong", "GET", "/api/v1/me", Map.of(), null, Map.of(), ts, "nonce-h002")).get("reason").asText());
        assertEquals("timestamp_out_of_window", json(api.signedWith(read.key().keyId(), read.secret(), "GET", "/api/v1/me", Map.of(), null, Map.of(), ts - 31, "nonce-h003")).get("reason").asText());
        assertEquals(200, api.signedWith(read.key().keyId(), read.secret(), "GET", "/api/v1/me", Map.of(), null, Map.of(), ts, "nonce-h004").statusCode());
        HttpResponse<String> replay = api.signedWith(read.key().keyId(), read.secret(), "GET", "/api/v1/me", Map.of(), null, Map.of(), ts, "nonce-h004");
        assertEquals(401, replay.statusCode());
        assertEquals("nonce_reused", json(replay).get("reason").asText());
        api.module.keys().revoke("h1", read.key().keyId(), ts);
        assertEquals("revoked_key", json(api.signedWith(read.key().keyId(), read.secret(), "GET", "/api/v1/me", Map.of(), null, Map.of(), ts, "nonce-h005")).get("reason").asText());
    }

    @Test
    void malformedJsonWrongTypesAndUnknownFieldsAre400WithAMessageNoStackTrace() throws Exception {
        data.addresses.put("h1", "bcrt1qholder");
        String[][] cases = {
                {"{\"amountSats\":", "malformed JSON"},
                {"{\"amountSats\":\"100\"}", "amountSats"},
                {"{\"amountSats\":1.5}", "amountSats"},
                {"{\"amountSats\":100,\"bogus\":1}", "bogus"},
                {"[1,2]", "object"},
                {"", "empty"},
                {"{\"amountSats\":-5}", "positive"},
                {"{}", "required"},
        };
        int i = 0;
        for (String[] c : cases) {
            HttpResponse<String> r = api.signed(payout, "POST", "/api/v1/payouts", Map.of(), c[0], Map.of("Idempotency-Key", "k" + i++));
            assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
            String msg = json(r).get("message").asText();
            assertTrue(msg.contains(c[1]), c[0] + " -> " + msg);
            assertFalse(r.body().contains("Exception") || r.body().contains("at dev.") || r.body().contains("com.fasterxml"), r.body());
        }
        HttpResponse<String> keyType = api.signed(read, "POST", "/api/v1/keys", Map.of(), "{\"scopes\":\"read\"}", Map.of());
        assertEquals(400, keyType.statusCode());
        HttpResponse<String> scope = api.signed(read, "POST", "/api/v1/keys", Map.of(), "{\"scopes\":[\"admin\"]}", Map.of());
        assertEquals(400, scope.statusCode());
        assertTrue(json(scope).get("message").asText().contains("admin"));
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        String big = "{\"label\":\"" + "x".repeat(20_000) + "\",\"scopes\":[\"read\"]}";
        HttpResponse<String> r = api.signed(read, "POST", "/api/v1/keys", Map.of(), big, Map.of());
        assertEquals(413, r.statusCode());
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() throws Exception {
        assertEquals(404, api.get("/api/v1/nothing").statusCode());
        HttpResponse<String> r = api.signed(read, "DELETE", "/api/v1/contracts", Map.of(), null, Map.of());
        assertEquals(405, r.statusCode());
        assertNotNull(r.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void rateLimitsAnswer429WithRetryAfter(@TempDir Path other) throws Exception {
        try (ApiTestServer small = new ApiTestServer(data, ApiTestServer.fixedPool(), other, new ApiSettings(16 * 1024, 1_000_000, 1000, 1000, 3, 0.2), T0)) {
            ApiKeyService.CreatedKey k = small.key("h1", Scope.READ);
            for (int i = 0; i < 3; i++) assertEquals(200, small.signedGet(k, "/api/v1/me").statusCode());
            HttpResponse<String> limited = small.signedGet(k, "/api/v1/me");
            assertEquals(429, limited.statusCode());
            assertEquals("5", limited.headers().firstValue("Retry-After").orElse(""));
            assertEquals(200, small.signedGet(small.key("h1", Scope.READ), "/api/v1/me").statusCode(), "limits are per key");
        }
        try (ApiTestServer perIp = new ApiTestServer(data, ApiTestServer.fixedPool(), other.resolve("b"), new ApiSettings(16 * 1024, 1_000_000, 2, 0.5, 100, 100), T0)) {
            assertEquals(200, perIp.get("/api/v1/pool/status").statusCode());
            assertEquals(200, perIp.get("/api/v1/pool/status").statusCode());
            HttpResponse<String> limited = perIp.get("/api/v1/pool/status");
            assertEquals(429, limited.statusCode());
            assertEquals("2", limited.headers().firstValue("Retry-After").orElse(""));
        }
    }
}
