package dev.quarry.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.Base32;
import dev.quarry.api.auth.Scope;
import dev.quarry.api.auth.Totp;
import dev.quarry.api.routes.ApiJson;
import dev.quarry.api.routes.ApiSettings;
import dev.quarry.api.routes.ApiTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.quarry.api.data.AccountingFixture.SHARE_DIFFICULTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API over the real accounting storage: shares from the real journal, credits from the real settlement, payouts from the real service. */
class AccountingHolderDataTest {

    /** A minute boundary in the past; the server clock starts 3 minutes later. */
    private static final long T0 = (System.currentTimeMillis() / 60_000L - 10) * 60_000L;
    /** 5e9 sat × 2^-20 per share, exactly. */
    private static final BigDecimal PER_SHARE = new BigDecimal("5000000000").divide(new BigDecimal(1 << 20));

    @TempDir
    Path dir;
    private AccountingFixture fx;
    private ApiTestServer api;
    private ApiKeyService.CreatedKey read;
    private ApiKeyService.CreatedKey pay;

    @BeforeEach
    void start() throws Exception {
        fx = new AccountingFixture(dir.resolve("data"), java.time.Clock.systemUTC());
        fx.holderWithContract("alice", "c1", Instant.ofEpochMilli(T0));
        fx.holderWithContract("bob", "c2", Instant.ofEpochMilli(T0));
        for (int i = 0; i < 10; i++) fx.share("c1", i % 2 == 0 ? "rig1" : "rig2", T0 + 1_000 + i * 5_000L, SHARE_DIFFICULTY);
        fx.share("c2", "x", T0 + 2_000, SHARE_DIFFICULTY);
        fx.share("c1", "rig1", T0 + 61_000, SHARE_DIFFICULTY * 2); // next minute
        fx.accounting.settlement().settleDue(Instant.ofEpochMilli(T0 + 120_000));
        fx.share("c1", "rig1", T0 + 125_000, SHARE_DIFFICULTY); // not yet settled
        api = new ApiTestServer(new AccountingHolderData(fx.accounting), ApiTestServer.fixedPool(), dir.resolve("auth"),
                ApiSettings.defaults(), T0 + 180_000);
        read = api.key("alice", Scope.READ);
        pay = api.key("alice", Scope.READ, Scope.PAYOUT);
    }

    @AfterEach
    void stop() {
        api.close();
        fx.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiJson.MAPPER.readTree(r.body());
    }

    private static long creditedTotal() {
        // the shares settled so far: 10 of 2^-20 and one of 2^-19 = 12 × 2^-20
        return PER_SHARE.multiply(BigDecimal.valueOf(12)).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    @Test
    void sharesCarryTheirExactCreditAndSettlement() throws Exception {
        JsonNode shares = json(api.signed(read, "GET", "/api/v1/shares", Map.of("limit", "100"), null, Map.of())).get("shares");
        assertEquals(12, shares.size(), "alice's 12 shares, not bob's");
        assertTrue(shares.get(0).get("creditSats").isNull(), "the open period has no credit yet");
        JsonNode oldest = shares.get(11);
        assertEquals("4768.37158203", oldest.get("creditSats").asText(), "4768.37158203125 shown to 8 places, rounded down");
        assertEquals(1.0, oldest.get("networkDifficulty").asDouble(), 1e-12);
        assertEquals(1L, oldest.get("settlementId").asLong());
        assertEquals("c1.rig1", oldest.get("worker").asText());
        assertEquals(5, json(api.signed(read, "GET", "/api/v1/shares", Map.of("worker", "c1.rig2"), null, Map.of())).get("shares").size());
        JsonNode paged = json(api.signed(read, "GET", "/api/v1/shares", Map.of("limit", "5"), null, Map.of()));
        long cursor = paged.get("nextCursor").asLong();
        JsonNode next = json(api.signed(read, "GET", "/api/v1/shares", Map.of("limit", "5", "cursor", Long.toString(cursor)), null, Map.of()));
        assertTrue(next.get("shares").get(0).get("seq").asLong() < cursor);
    }

    @Test
    void ledgerBalanceAndSettlementAddUpToTheShares() throws Exception {
        long balance = json(api.signedGet(read, "/api/v1/balance")).get("balanceSats").asLong();
        assertEquals(creditedTotal(), balance, "remainders carried, never rounded away: floor of the exact total");
        JsonNode entries = json(api.signedGet(read, "/api/v1/ledger")).get("entries");
        assertEquals(2, entries.size());
        for (JsonNode e : entries) {
            assertEquals("settlement", e.get("refType").asText());
            assertEquals("c1", e.get("contractId").asText());
        }
        JsonNode s1 = json(api.signedGet(read, "/api/v1/settlements/1"));
        assertEquals(1, s1.get("lines").size());
        assertEquals(10, s1.get("lines").get(0).get("shareCount").asLong());
        assertEquals(PER_SHARE.multiply(BigDecimal.TEN).setScale(0, RoundingMode.DOWN).longValueExact(), s1.get("lines").get(0).get("ppsCreditSats").asLong());
        assertEquals(0, new BigDecimal(SHARE_DIFFICULTY).multiply(BigDecimal.TEN).compareTo(new BigDecimal(s1.get("lines").get(0).get("difficultySum").asText())));
        String csv = api.signedGet(read, "/api/v1/settlements/1/statement.csv").body();
        assertTrue(csv.contains(",c1,10,"), csv);
        assertEquals(2, json(api.signedGet(read, "/api/v1/settlements")).get("settlements").size());
        long credited = 0;
        for (JsonNode d : json(api.signedGet(read, "/api/v1/earnings/daily")).get("days")) credited += d.get("creditedSats").asLong();
        assertEquals(balance, credited);
        assertEquals(404, api.signedGet(api.key("bob", Scope.READ), "/api/v1/settlements/9").statusCode());
    }

    @Test
    void hashrateSeriesContractsAndWorkersComeFromTheJournal() throws Exception {
        JsonNode p = json(api.signed(read, "GET", "/api/v1/contracts/c1/hashrate",
                Map.of("bucket", "1m", "from", Long.toString(T0), "to", Long.toString(T0 + 180_000)), null, Map.of())).get("points");
        assertEquals(3, p.size());
        // Σd × 2^32 / 60 s with d = 2^-20: 2^12 per share-of-2^-20
        assertEquals(10.0 * 4096 / 60, p.get(0).get("hashrate").asDouble(), 1e-9);
        assertEquals(2.0 * 4096 / 60, p.get(1).get("hashrate").asDouble(), 1e-9);
        assertEquals(4096.0 / 60, p.get(2).get("hashrate").asDouble(), 1e-9);
        long hour = T0 - Math.floorMod(T0, 3_600_000L);
        JsonNode hourly = json(api.signed(read, "GET", "/api/v1/contracts/c1/hashrate",
                Map.of("bucket", "1h", "from", Long.toString(hour), "to", Long.toString(hour + 7_200_000L)), null, Map.of())).get("points");
        long shares = 0;
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode b : hourly) {
            shares += b.get("shares").asLong();
            sum = sum.add(new BigDecimal(b.get("difficultySum").asText()));
        }
        assertEquals(12, shares, "all 12 shares (13 × 2^-20 of difficulty) fall in the two hourly buckets");
        assertEquals(0, new BigDecimal(SHARE_DIFFICULTY).multiply(BigDecimal.valueOf(13)).compareTo(sum));
        JsonNode c = json(api.signedGet(read, "/api/v1/contracts")).get("contracts");
        assertEquals(1, c.size());
        assertEquals(10_000, c.get(0).get("hashrateBoughtMths").asLong(), "10 TH/s");
        assertEquals(1e13, c.get(0).get("hashrateBought").asDouble(), 1);
        assertEquals("active", c.get(0).get("status").asText());
        JsonNode w = json(api.signed(read, "GET", "/api/v1/workers", Map.of("window", "86400"), null, Map.of())).get("workers");
        assertEquals(2, w.size());
        assertEquals("c1.rig1", w.get(0).get("worker").asText());
        assertEquals(7, w.get(0).get("shares").asLong());
        assertEquals(T0 + 125_000, w.get(0).get("lastShareMs").asLong());
        assertEquals(SHARE_DIFFICULTY, w.get(0).get("currentDifficulty").asDouble());
    }

    @Test
    void concurrentDuplicatePayoutsCreateOneIntentAndOneSend() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> api.signed(pay, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":20000}", Map.of("Idempotency-Key", "dup-1")));
            }
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                HttpResponse<String> r = f.get();
                assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.statusCode() + " " + r.body());
                if (r.statusCode() == 201) created++;
                ids.add(json(r).get("id").asText());
            }
            assertEquals(1, created, "exactly one request created the payout");
            assertEquals(1, ids.size(), "every duplicate saw the same payout");
            String id = ids.iterator().next();
            assertEquals(1, fx.wallet.sendCount(id), "sent once");
            assertEquals("sent", json(api.signedGet(read, "/api/v1/payouts/" + id)).get("status").asText());
            assertEquals(creditedTotal() - 20_000, json(api.signedGet(read, "/api/v1/balance")).get("balanceSats").asLong(), "debited once");
            HttpResponse<String> conflict = api.signed(pay, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":20001}", Map.of("Idempotency-Key", "dup-1"));
            assertEquals(409, conflict.statusCode());
            assertEquals("idempotency_conflict", json(conflict).get("error").asText());
            HttpResponse<String> tooMuch = api.signed(pay, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":900000}", Map.of("Idempotency-Key", "big-1"));
            assertEquals(409, tooMuch.statusCode());
            assertEquals("insufficient_balance", json(tooMuch).get("error").asText());
            HttpResponse<String> tiny = api.signed(pay, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":10}", Map.of("Idempotency-Key", "tiny-1"));
            assertEquals(400, tiny.statusCode(), "below the configured minimum of 1000 sat");
            assertEquals(1, json(api.signedGet(read, "/api/v1/payouts")).get("payouts").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void payoutAddressChangeIsValidatedAndNeedsTotp() throws Exception {
        JsonNode enrol = json(api.signed(pay, "POST", "/api/v1/totp/enrolment", Map.of(), null, Map.of()));
        byte[] seed = Base32.decode(enrol.get("secret").asText());
        Totp t = Totp.standard();
        long now = api.clock.millis() / 1000;
        assertEquals(200, api.signed(pay, "POST", "/api/v1/totp/confirm", Map.of(), "{\"totp\":\"" + t.codeAt(seed, t.step(now)) + "\"}", Map.of()).statusCode());
        api.clock.advanceSeconds(30);
        now += 30;
        String mainnet = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
        HttpResponse<String> wrongNet = api.signed(pay, "PUT", "/api/v1/payout-address", Map.of(),
                "{\"address\":\"" + mainnet + "\",\"totp\":\"" + t.codeAt(seed, t.step(now)) + "\"}", Map.of());
        assertEquals(400, wrongNet.statusCode(), wrongNet.body());
        assertEquals("invalid_address", json(wrongNet).get("error").asText());
        api.clock.advanceSeconds(30);
        now += 30;
        String fresh = AccountingFixture.regtestAddress(99);
        HttpResponse<String> ok = api.signed(pay, "PUT", "/api/v1/payout-address", Map.of(),
                "{\"address\":\"" + fresh + "\",\"totp\":\"" + t.codeAt(seed, t.step(now)) + "\"}", Map.of());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(fresh, fx.accounting.contracts().holder("alice").orElseThrow().payoutAddress());
        HttpResponse<String> p = api.signed(pay, "POST", "/api/v1/payouts", Map.of(), "{\"amountSats\":5000}", Map.of("Idempotency-Key", "to-new"));
        assertEquals(201, p.statusCode(), p.body());
        assertEquals(fresh, json(p).get("address").asText());
        assertEquals(5000L, fx.wallet.sent().get(0).outputs().get(fresh));
    }
}
