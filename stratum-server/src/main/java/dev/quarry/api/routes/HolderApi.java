package dev.quarry.api.routes;

import dev.quarry.api.auth.ApiKey;
import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.Scope;
import dev.quarry.api.auth.TotpService;
import dev.quarry.api.data.HashrateMath;
import dev.quarry.api.data.HolderData;
import dev.quarry.api.data.HolderDataException;
import dev.quarry.api.data.PoolStatusProvider;
import dev.quarry.api.data.WorkerStatsRegistry;
import dev.quarry.http.HttpResult;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The /api/v1 routes (documented in docs/api/openapi.yaml). Handlers are thin: parse and check
 * input, ask {@link HolderData} / {@link PoolStatusProvider}, shape JSON. Every holder route reads
 * the holder id from the authenticated key, never from the request.
 */
public final class HolderApi {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private static final int MAX_POINTS = 2_000;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final HolderData data;
    private final PoolStatusProvider pool;
    private final WorkerStatsRegistry workerStats;
    private final ApiKeyService keys;
    private final TotpService totp;
    private final ApiSettings settings;

    public HolderApi(HolderData data, PoolStatusProvider pool, WorkerStatsRegistry workerStats,
                     ApiKeyService keys, TotpService totp, ApiSettings settings) {
        this.data = data;
        this.pool = pool;
        this.workerStats = workerStats;
        this.keys = keys;
        this.totp = totp;
        this.settings = settings;
    }

    /** Registers every route on the gateway. */
    public ApiGateway register(ApiGateway g) {
        g.add("GET", "/api/v1/pool/status", Access.PUBLIC, this::poolStatus);
        g.add("GET", "/api/v1/pool/blocks", Access.PUBLIC, this::poolBlocks);
        g.add("GET", "/api/v1/me", Access.READ, this::me);
        g.add("GET", "/api/v1/contracts", Access.READ, this::contracts);
        g.add("GET", "/api/v1/contracts/{contractId}", Access.READ, this::contract);
        g.add("GET", "/api/v1/contracts/{contractId}/hashrate", Access.READ, this::hashrate);
        g.add("GET", "/api/v1/shares", Access.READ, this::shares);
        g.add("GET", "/api/v1/workers", Access.READ, this::workers);
        g.add("GET", "/api/v1/ledger", Access.READ, this::ledger);
        g.add("GET", "/api/v1/balance", Access.READ, this::balance);
        g.add("GET", "/api/v1/earnings/daily", Access.READ, this::earnings);
        g.add("GET", "/api/v1/settlements", Access.READ, this::settlements);
        g.add("GET", "/api/v1/settlements/{settlementId}", Access.READ, this::settlement);
        g.add("GET", "/api/v1/settlements/{settlementId}/statement.csv", Access.READ, this::settlementCsv);
        g.add("GET", "/api/v1/payouts", Access.READ, this::payouts);
        g.add("POST", "/api/v1/payouts", Access.PAYOUT, this::createPayout);
        g.add("GET", "/api/v1/payouts/{payoutId}", Access.READ, this::payout);
        g.add("GET", "/api/v1/payout-address", Access.READ, this::payoutAddress);
        g.add("PUT", "/api/v1/payout-address", Access.PAYOUT, this::changePayoutAddress);
        g.add("POST", "/api/v1/totp/enrolment", Access.PAYOUT, this::totpEnrol);
        g.add("POST", "/api/v1/totp/confirm", Access.PAYOUT, this::totpConfirm);
        g.add("GET", "/api/v1/keys", Access.READ, this::listKeys);
        g.add("POST", "/api/v1/keys", Access.READ, this::createKey);
        g.add("DELETE", "/api/v1/keys/{keyId}", Access.READ, this::revokeKey);
        return g;
    }

    // ---- public ----

    private HttpResult poolStatus(ApiCall c) {
        PoolStatusProvider.PoolStatus s = pool.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hashrate", s.hashrate());
        m.put("miners", s.miners());
        m.put("workers", s.workers());
        m.put("networkDifficulty", s.networkDifficulty());
        m.put("height", s.height());
        m.put("updatedMs", s.updatedMs());
        m.put("lastBlocks", pool.foundBlocks(5));
        return ApiJson.ok(m);
    }

    private HttpResult poolBlocks(ApiCall c) {
        int limit = (int) c.queryLong("limit", 50, 1, 500);
        return ApiJson.ok(Map.of("blocks", pool.foundBlocks(limit)));
    }

    // ---- holder: identity, contracts, hashrate ----

    private HttpResult me(ApiCall c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holderId", c.holderId());
        m.put("keyId", c.key().keyId());
        m.put("scopes", c.key().scopes().stream().map(Scope::wireName).sorted().toList());
        m.put("totpEnrolled", totp.enrolled(c.holderId()));
        m.put("payoutTotpThresholdSats", settings.payoutTotpThresholdSats());
        return ApiJson.ok(m);
    }

    private HttpResult contracts(ApiCall c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HolderData.ContractInfo ci : data.contracts(c.holderId())) out.add(contractJson(c, ci));
        return ApiJson.ok(Map.of("contracts", out));
    }

    private HttpResult contract(ApiCall c) {
        HolderData.ContractInfo ci = data.contract(c.holderId(), c.param("contractId"))
                .orElseThrow(() -> ApiException.notFound("no contract " + c.param("contractId")));
        return ApiJson.ok(contractJson(c, ci));
    }

    private Map<String, Object> contractJson(ApiCall c, HolderData.ContractInfo ci) {
        long now = c.nowMs();
        List<HolderData.DifficultyBucket> day = data.difficultyBuckets(c.holderId(), ci.id(), now - DAY, now, HOUR);
        BigDecimal lastDay = BigDecimal.ZERO;
        BigDecimal lastHour = BigDecimal.ZERO;
        for (HolderData.DifficultyBucket b : day) {
            lastDay = lastDay.add(b.difficultySum());
            if (b.startMs() >= now - HOUR) lastHour = lastHour.add(b.difficultySum());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ci.id());
        m.put("status", ci.status());
        m.put("kind", ci.kind());
        m.put("term", Map.of("startMs", ci.startMs(), "endMs", ci.endMs()));
        m.put("hashrateBoughtMths", ci.hashrateMths());
        m.put("hashrateBought", HashrateMath.mthsToHashesPerSecond(ci.hashrateMths()));
        // Delivered: what the contract's shares prove over the last hour / day (Σ difficulty × 2^32 / seconds).
        m.put("hashrateDelivered1h", HashrateMath.hashrate(lastHour, 3600));
        m.put("hashrateDelivered24h", HashrateMath.hashrate(lastDay, 86400));
        m.put("pricePaidSats", ci.pricePaidSats());
        m.put("maintenanceFeeSatsPerDay", ci.maintenanceFeeSatsPerDay());
        return m;
    }

    private HttpResult hashrate(ApiCall c) {
        String contractId = c.param("contractId");
        data.contract(c.holderId(), contractId).orElseThrow(() -> ApiException.notFound("no contract " + contractId));
        String bucketName = c.query("bucket") == null ? "1m" : c.query("bucket");
        long bucketMs = switch (bucketName) {
            case "1m" -> MINUTE;
            case "1h" -> HOUR;
            case "1d" -> DAY;
            default -> throw ApiException.badRequest("bucket must be 1m, 1h or 1d");
        };
        long defaultSpan = bucketMs == MINUTE ? 3 * HOUR : bucketMs == HOUR ? 7 * DAY : 90 * DAY;
        long to = c.queryLong("to", c.nowMs(), 0, Long.MAX_VALUE / 2);
        long from = c.queryLong("from", to - defaultSpan, 0, Long.MAX_VALUE / 2);
        if (from >= to) throw ApiException.badRequest("from must be before to");
        long first = Math.floorDiv(from, bucketMs) * bucketMs;
        if ((to - first) / bucketMs > MAX_POINTS) throw ApiException.badRequest("at most " + MAX_POINTS + " buckets per request");
        Map<Long, HolderData.DifficultyBucket> byStart = new LinkedHashMap<>();
        for (HolderData.DifficultyBucket b : data.difficultyBuckets(c.holderId(), contractId, first, to, bucketMs)) {
            byStart.put(b.startMs(), b);
        }
        List<Map<String, Object>> points = new ArrayList<>();
        for (long t = first; t < to; t += bucketMs) {
            HolderData.DifficultyBucket b = byStart.get(t);
            BigDecimal sum = b == null ? BigDecimal.ZERO : b.difficultySum();
            // The bucket still running is divided by the seconds elapsed so far, not by its full length.
            long seconds = Math.max(1, (Math.min(t + bucketMs, c.nowMs()) - t) / 1000);
            if (t >= c.nowMs()) seconds = bucketMs / 1000;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("t", t);
            p.put("hashrate", HashrateMath.hashrate(sum, seconds));
            p.put("shares", b == null ? 0 : b.shareCount());
            p.put("difficultySum", sum.toPlainString());
            points.add(p);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contractId", contractId);
        m.put("bucket", bucketName);
        m.put("bucketSeconds", bucketMs / 1000);
        m.put("from", first);
        m.put("to", to);
        m.put("points", points);
        return ApiJson.ok(m);
    }

    // ---- shares, workers ----

    private HttpResult shares(ApiCall c) {
        long to = c.queryLong("to", Long.MAX_VALUE / 2, 0, Long.MAX_VALUE / 2);
        long from = c.queryLong("from", 0, 0, Long.MAX_VALUE / 2);
        int limit = (int) c.queryLong("limit", 100, 1, 1000);
        long cursor = c.queryLong("cursor", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        String contract = emptyToNull(c.query("contract"));
        if (contract != null && data.contract(c.holderId(), contract).isEmpty()) throw ApiException.notFound("no contract " + contract);
        HolderData.SharePage page = data.shares(c.holderId(),
                new HolderData.ShareFilter(contract, emptyToNull(c.query("worker")), from, to, cursor, limit));
        List<Map<String, Object>> out = new ArrayList<>();
        for (HolderData.ShareInfo s : page.shares()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hash", s.hash());
            m.put("seq", s.seq());
            m.put("timeMs", s.timeMs());
            m.put("contractId", s.contractId());
            m.put("worker", s.worker());
            m.put("difficulty", s.difficulty());
            m.put("achievedDifficulty", s.achievedDifficulty());
            m.put("networkBits", String.format("%08x", s.networkBits()));
            m.put("networkDifficulty", HashrateMath.networkDifficulty(s.networkBits()));
            m.put("height", s.height());
            m.put("blockFound", s.blockFound());
            m.put("creditSats", s.creditSats());
            m.put("settlementId", s.settlementId());
            out.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shares", out);
        m.put("nextCursor", page.nextCursor());
        return ApiJson.ok(m);
    }

    private HttpResult workers(ApiCall c) {
        long window = c.queryLong("window", 3600, 60, 86400);
        List<Map<String, Object>> out = new ArrayList<>();
        for (HolderData.WorkerActivity w : data.workers(c.holderId(), c.nowMs() - window * 1000)) {
            WorkerStatsRegistry.WorkerState st = workerStats.get(w.worker());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("worker", w.worker());
            m.put("contractId", w.contractId());
            m.put("lastShareMs", w.lastShareMs());
            // What the server last set for the session if it reported it, else the difficulty of the worker's latest share.
            m.put("currentDifficulty", st.currentDifficulty() > 0 ? st.currentDifficulty() : w.lastDifficulty());
            m.put("hashrate", HashrateMath.hashrate(w.difficultySum(), window));
            m.put("shares", w.shareCount());
            m.put("rejects", st.rejectsByReason());
            out.add(m);
        }
        return ApiJson.ok(Map.of("windowSeconds", window, "workers", out));
    }

    // ---- ledger, balance, earnings, settlements ----

    private HttpResult ledger(ApiCall c) {
        int limit = (int) c.queryLong("limit", 100, 1, 1000);
        HolderData.LedgerPage page = data.ledger(c.holderId(), emptyToNull(c.query("cursor")), limit);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entries", page.entries());
        m.put("nextCursor", page.nextCursor());
        return ApiJson.ok(m);
    }

    private HttpResult balance(ApiCall c) {
        return ApiJson.ok(Map.of("balanceSats", data.balanceSats(c.holderId()), "asOfMs", c.nowMs()));
    }

    private HttpResult earnings(ApiCall c) {
        long days = c.queryLong("days", 30, 1, 366);
        long today = Math.floorDiv(c.nowMs(), DAY) * DAY;
        return ApiJson.ok(Map.of("days", data.earningsPerDay(c.holderId(), today - (days - 1) * DAY, today + DAY)));
    }

    private HttpResult settlements(ApiCall c) {
        int limit = (int) c.queryLong("limit", 50, 1, 500);
        return ApiJson.ok(Map.of("settlements", data.settlements(c.holderId(), limit)));
    }

    private HolderData.Settlement findSettlement(ApiCall c) {
        long id;
        try {
            id = Long.parseLong(c.param("settlementId"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("settlement id must be an integer");
        }
        return data.settlement(c.holderId(), id).orElseThrow(() -> ApiException.notFound("no settlement " + id));
    }

    private HttpResult settlement(ApiCall c) {
        return ApiJson.ok(findSettlement(c));
    }

    private HttpResult settlementCsv(ApiCall c) {
        HolderData.Settlement s = findSettlement(c);
        return new HttpResult(200, "text/csv; charset=utf-8", SettlementCsv.render(s).getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Disposition", "attachment; filename=\"settlement-" + s.id() + ".csv\"", "Cache-Control", "no-store"));
    }

    // ---- payouts ----

    private HttpResult payouts(ApiCall c) {
        int limit = (int) c.queryLong("limit", 50, 1, 500);
        return ApiJson.ok(Map.of("payouts", data.payouts(c.holderId(), limit)));
    }

    private HttpResult payout(ApiCall c) {
        return ApiJson.ok(data.payout(c.holderId(), c.param("payoutId"))
                .orElseThrow(() -> ApiException.notFound("no payout " + c.param("payoutId"))));
    }

    /** Body of POST /payouts. Payouts go to the holder's registered address (changing it needs TOTP). */
    public record PayoutRequest(Long amountSats, String totp) {
    }

    private HttpResult createPayout(ApiCall c) {
        String idem = c.request().header("Idempotency-Key");
        if (idem == null || !IDEMPOTENCY_KEY.matcher(idem).matches()) {
            throw ApiException.badRequest("Idempotency-Key header required: 1 to 200 printable ASCII characters, no spaces");
        }
        PayoutRequest body = ApiJson.read(c.request().body(), PayoutRequest.class);
        if (body.amountSats() == null) throw ApiException.badRequest("field 'amountSats' is required");
        if (body.amountSats() <= 0) throw ApiException.badRequest("field 'amountSats' must be positive");
        boolean retry = data.payoutByIdempotencyKey(c.holderId(), idem).isPresent();
        if (!retry && body.amountSats() > settings.payoutTotpThresholdSats()) {
            requireTotp(c, body.totp(), "payouts above " + settings.payoutTotpThresholdSats() + " sats");
        }
        String address = data.payoutAddress(c.holderId());
        if (address == null || address.isEmpty()) throw new ApiException(409, "no_payout_address", "set a payout address first");
        HolderData.PayoutOutcome o = data.requestPayout(c.holderId(), idem, body.amountSats(), address);
        return ApiJson.json(o.created() ? 201 : 200, o.payout()).withHeader("Idempotent-Replayed", Boolean.toString(!o.created()));
    }

    private HttpResult payoutAddress(ApiCall c) {
        String a = data.payoutAddress(c.holderId());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", a == null || a.isEmpty() ? null : a);
        return ApiJson.ok(m);
    }

    public record AddressChange(String address, String totp) {
    }

    private HttpResult changePayoutAddress(ApiCall c) {
        AddressChange body = ApiJson.read(c.request().body(), AddressChange.class);
        if (body.address() == null || body.address().isBlank()) throw ApiException.badRequest("field 'address' is required");
        requireTotp(c, body.totp(), "changing the payout address");
        data.changePayoutAddress(c.holderId(), body.address().trim());
        return ApiJson.ok(Map.of("address", body.address().trim()));
    }

    private void requireTotp(ApiCall c, String code, String what) {
        switch (totp.check(c.holderId(), code, Math.floorDiv(c.nowMs(), 1000), true)) {
            case OK -> {
            }
            case NOT_ENROLLED -> throw new ApiException(403, "totp_not_enrolled", what + " needs a TOTP second factor: enrol first");
            case MISSING -> throw new ApiException(403, "totp_required", what + " needs a TOTP code in field 'totp'");
            case INVALID -> throw new ApiException(403, "totp_invalid", "TOTP code invalid or already used");
        }
    }

    // ---- TOTP enrolment ----

    public record TotpBody(String totp) {
    }

    private HttpResult totpEnrol(ApiCall c) {
        // Re-enrolling replaces the seed, so a holder who already has one must prove it first.
        if (totp.enrolled(c.holderId())) {
            TotpBody b = c.request().body().length == 0 ? new TotpBody(null) : ApiJson.read(c.request().body(), TotpBody.class);
            requireTotp(c, b.totp(), "replacing the TOTP seed");
        }
        TotpService.Enrolment e = totp.enrol(c.holderId());
        return ApiJson.json(201, Map.of("secret", e.secretBase32(), "otpauthUri", e.otpauthUri(),
                "next", "POST /api/v1/totp/confirm with {\"totp\":\"<code>\"} to activate"));
    }

    private HttpResult totpConfirm(ApiCall c) {
        TotpBody b = ApiJson.read(c.request().body(), TotpBody.class);
        return switch (totp.check(c.holderId(), b.totp(), Math.floorDiv(c.nowMs(), 1000), false)) {
            case OK -> ApiJson.ok(Map.of("totpEnrolled", true));
            case NOT_ENROLLED -> throw new ApiException(409, "totp_not_enrolled", "start with POST /api/v1/totp/enrolment");
            case MISSING -> throw ApiException.badRequest("field 'totp' is required");
            case INVALID -> throw new ApiException(403, "totp_invalid", "TOTP code invalid or already used");
        };
    }

    // ---- keys ----

    private HttpResult listKeys(ApiCall c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ApiKey k : keys.list(c.holderId())) out.add(keyJson(k));
        return ApiJson.ok(Map.of("keys", out));
    }

    public record KeyRequest(String label, List<String> scopes) {
    }

    private HttpResult createKey(ApiCall c) {
        KeyRequest body = ApiJson.read(c.request().body(), KeyRequest.class);
        if (body.scopes() == null || body.scopes().isEmpty()) throw ApiException.badRequest("field 'scopes' must list read and/or payout");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String s : body.scopes()) {
            try {
                scopes.add(Scope.parse(s));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        // A key can only hand out what it has itself: a read key cannot mint a payout key.
        if (!c.key().scopes().containsAll(scopes)) {
            throw new ApiException(403, "insufficient_scope", "a key can only create keys with a subset of its own scopes");
        }
        String label = body.label() == null ? "" : body.label();
        if (label.length() > 200) throw ApiException.badRequest("field 'label' is longer than 200 characters");
        ApiKeyService.CreatedKey k = keys.create(c.holderId(), label, scopes, Math.floorDiv(c.nowMs(), 1000));
        Map<String, Object> m = keyJson(k.key());
        m.put("secret", k.secret());
        return ApiJson.json(201, m);
    }

    private HttpResult revokeKey(ApiCall c) {
        if (!keys.revoke(c.holderId(), c.param("keyId"), Math.floorDiv(c.nowMs(), 1000))) {
            throw ApiException.notFound("no active key " + c.param("keyId"));
        }
        return ApiJson.ok(Map.of("revoked", c.param("keyId")));
    }

    private static Map<String, Object> keyJson(ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyId", k.keyId());
        m.put("label", k.label());
        m.put("scopes", k.scopes().stream().map(Scope::wireName).sorted().toList());
        m.put("createdAt", k.createdAt());
        m.put("revokedAt", k.revoked() ? k.revokedAt() : null);
        return m;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static HolderDataException notFound(String what) {
        return new HolderDataException(HolderDataException.Kind.NOT_FOUND, what);
    }
}
