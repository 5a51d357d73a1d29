package dev.quarry.api.auth;

import dev.quarry.http.HttpRequestView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static dev.quarry.api.auth.AuthFixtures.request;
import static dev.quarry.api.auth.AuthFixtures.signed;
import static dev.quarry.api.auth.AuthFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestVerifierTest {

    private static final long NOW = 1_800_000_000L;

    @TempDir
    Path dir;
    private ApiKeyService keys;
    private RequestVerifier verifier;
    private ApiKeyService.CreatedKey key;

    @BeforeEach
    void setUp() {
        keys = AuthFixtures.keyService(dir);
        verifier = new RequestVerifier(keys, new NonceCache(1000), 30, new SecureRandom());
        key = keys.create("holder-1", "laptop", EnumSet.of(Scope.READ), NOW - 100);
    }

    private HttpRequestView good(long ts, String nonce) {
        return signed("POST", "/api/v1/payouts", Map.of("x", List.of("1")), utf8("{\"a\":1}"), key.key().keyId(), key.secret(), ts, nonce);
    }

    @Test
    void correctlySignedRequestIsAccepted() {
        RequestVerifier.Verdict v = verifier.verify(good(NOW, "nonce-0001"), NOW);
        assertTrue(v.ok(), () -> "refused: " + v.failure());
        assertEquals("holder-1", v.key().holderId());
    }

    @Test
    void replayWithinTheWindowIsRefused() {
        assertTrue(verifier.verify(good(NOW, "nonce-0002"), NOW).ok());
        assertEquals(AuthFailure.NONCE_REUSED, verifier.verify(good(NOW, "nonce-0002"), NOW + 5).failure());
    }

    @Test
    void replayAfterTheWindowIsRefusedByTheTimestamp() {
        assertTrue(verifier.verify(good(NOW, "nonce-0003"), NOW).ok());
        assertEquals(AuthFailure.TIMESTAMP_OUT_OF_WINDOW, verifier.verify(good(NOW, "nonce-0003"), NOW + 31).failure());
    }

    @Test
    void timestampsOutsideThirtySecondsEitherWayAreRefused() {
        assertEquals(AuthFailure.TIMESTAMP_OUT_OF_WINDOW, verifier.verify(good(NOW - 31, "nonce-0004"), NOW).failure());
        assertEquals(AuthFailure.TIMESTAMP_OUT_OF_WINDOW, verifier.verify(good(NOW + 31, "nonce-0005"), NOW).failure());
        assertTrue(verifier.verify(good(NOW - 30, "nonce-0006"), NOW).ok());
        assertTrue(verifier.verify(good(NOW + 30, "nonce-0007"), NOW).ok());
    }

    @Test
    void tamperedBodyPathQueryOrMethodIsABadSignature() {
        HttpRequestView g = good(NOW, "nonce-0008");
        HttpRequestView body = new HttpRequestView(g.method(), g.path(), "", g.query(), g.headers(), utf8("{\"a\":2}"), g.remote());
        HttpRequestView path = new HttpRequestView(g.method(), "/api/v1/payoutz", "", g.query(), g.headers(), g.body(), g.remote());
        HttpRequestView query = new HttpRequestView(g.method(), g.path(), "", Map.of("x", List.of("2")), g.headers(), g.body(), g.remote());
        HttpRequestView method = new HttpRequestView("PUT", g.path(), "", g.query(), g.headers(), g.body(), g.remote());
        for (HttpRequestView r : List.of(body, path, query, method)) {
            assertEquals(AuthFailure.BAD_SIGNATURE, verifier.verify(r, NOW).failure());
        }
    }

    @Test
    void wrongSecretIsABadSignature() {
        HttpRequestView r = signed("GET", "/api/v1/contracts", Map.of(), new byte[0], key.key().keyId(), key.secret() + "x", NOW, "nonce-0009");
        assertEquals(AuthFailure.BAD_SIGNATURE, verifier.verify(r, NOW).failure());
    }

    @Test
    void badSignatureDoesNotBurnTheNonce() {
        HttpRequestView forged = signed("POST", "/api/v1/payouts", Map.of("x", List.of("1")), utf8("{\"a\":1}"),
                key.key().keyId(), "wrong", NOW, "nonce-0010");
        assertEquals(AuthFailure.BAD_SIGNATURE, verifier.verify(forged, NOW).failure());
        assertTrue(verifier.verify(good(NOW, "nonce-0010"), NOW).ok());
    }

    @Test
    void unknownKeyIsRefusedWithItsOwnReason() {
        HttpRequestView r = signed("GET", "/api/v1/contracts", Map.of(), new byte[0], "qk_0000000000000000", key.secret(), NOW, "nonce-0011");
        assertEquals(AuthFailure.UNKNOWN_KEY, verifier.verify(r, NOW).failure());
    }

    @Test
    void revokedKeyIsRefusedWithItsOwnReason() {
        assertTrue(keys.revoke("holder-1", key.key().keyId(), NOW - 1));
        assertEquals(AuthFailure.REVOKED_KEY, verifier.verify(good(NOW, "nonce-0012"), NOW).failure());
    }

    @Test
    void missingAndMalformedHeadersAreRefused() {
        assertEquals(AuthFailure.MISSING_HEADERS, verifier.verify(
                request("GET", "/api/v1/contracts", Map.of(), new byte[0], key.key().keyId(), Long.toString(NOW), "nonce-0013", null), NOW).failure());
        assertEquals(AuthFailure.MALFORMED_HEADERS, verifier.verify(
                request("GET", "/api/v1/contracts", Map.of(), new byte[0], key.key().keyId(), "12x", "nonce-0014", "00".repeat(32)), NOW).failure());
        assertEquals(AuthFailure.MALFORMED_HEADERS, verifier.verify(
                request("GET", "/api/v1/contracts", Map.of(), new byte[0], key.key().keyId(), Long.toString(NOW), "short", "00".repeat(32)), NOW).failure());
        assertEquals(AuthFailure.MALFORMED_HEADERS, verifier.verify(
                request("GET", "/api/v1/contracts", Map.of(), new byte[0], key.key().keyId(), Long.toString(NOW), "nonce-0015", "zz"), NOW).failure());
    }

    @Test
    void fullNonceCacheRefusesInsteadOfForgetting() {
        RequestVerifier tiny = new RequestVerifier(keys, new NonceCache(2), 30, new SecureRandom());
        assertTrue(tiny.verify(good(NOW, "nonce-a001"), NOW).ok());
        assertTrue(tiny.verify(good(NOW, "nonce-a002"), NOW).ok());
        assertEquals(AuthFailure.NONCE_CACHE_FULL, tiny.verify(good(NOW, "nonce-a003"), NOW).failure());
        // once the first two can no longer pass the timestamp check they are forgotten
        assertTrue(tiny.verify(good(NOW + 31, "nonce-a003"), NOW + 31).ok());
    }

    @Test
    void eachReasonHasItsOwnString() {
        assertEquals(AuthFailure.values().length, java.util.Arrays.stream(AuthFailure.values()).map(AuthFailure::reason).distinct().count());
        assertNull(verifier.verify(good(NOW, "nonce-0016"), NOW).failure());
    }
}
