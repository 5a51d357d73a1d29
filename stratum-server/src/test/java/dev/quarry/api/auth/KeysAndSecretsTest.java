package dev.quarry.api.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysAndSecretsTest {

    @TempDir
    Path dir;

    @Test
    void secretIsStoredOnlySealedAndOpensBackToTheShownValue() throws Exception {
        SecureRandom rnd = new SecureRandom();
        byte[] master = new byte[32];
        rnd.nextBytes(master);
        String url = "jdbc:sqlite:" + dir.resolve("k.db");
        ApiKeyService svc = new ApiKeyService(new JdbcAuthStore(() -> DriverManager.getConnection(url)), new SecretBox(master, rnd), rnd);
        ApiKeyService.CreatedKey k = svc.create("h1", "ci", EnumSet.of(Scope.READ, Scope.PAYOUT), 1000);
        assertTrue(k.secret().startsWith("qs_"));

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sealed_secret FROM api_keys")) {
            assertTrue(rs.next());
            byte[] stored = rs.getBytes(1);
            String asText = new String(stored, StandardCharsets.ISO_8859_1);
            assertFalse(asText.contains(k.secret().substring(3, 20)), "secret must not be stored in clear");
        }
        assertEquals(k.secret(), new String(svc.resolve(k.key().keyId()).orElseThrow().secretUtf8(), StandardCharsets.UTF_8));

        // another master key cannot open it
        byte[] other = new byte[32];
        rnd.nextBytes(other);
        ApiKeyService wrong = new ApiKeyService(new JdbcAuthStore(() -> DriverManager.getConnection(url)), new SecretBox(other, rnd), rnd);
        assertThrows(SecretBox.SealedSecretException.class, () -> wrong.resolve(k.key().keyId()));
    }

    @Test
    void listAndRevokeAreScopedToTheHolder() {
        ApiKeyService svc = AuthFixtures.keyService(dir);
        ApiKeyService.CreatedKey a = svc.create("h1", "a", EnumSet.of(Scope.READ), 1);
        svc.create("h1", "b", EnumSet.of(Scope.PAYOUT), 2);
        svc.create("h2", "c", EnumSet.of(Scope.READ), 3);
        List<ApiKey> h1 = svc.list("h1");
        assertEquals(List.of("a", "b"), h1.stream().map(ApiKey::label).toList());
        assertFalse(svc.revoke("h2", a.key().keyId(), 10), "another holder cannot revoke it");
        assertTrue(svc.revoke("h1", a.key().keyId(), 10));
        assertFalse(svc.revoke("h1", a.key().keyId(), 11), "already revoked");
        assertEquals(10, svc.list("h1").get(0).revokedAt());
        assertEquals(EnumSet.of(Scope.PAYOUT), svc.list("h1").get(1).scopes());
    }

    @Test
    void sealedSecretIsBoundToItsId() {
        SecureRandom rnd = new SecureRandom();
        byte[] master = new byte[32];
        rnd.nextBytes(master);
        SecretBox box = new SecretBox(master, rnd);
        byte[] sealed = box.seal("s3cret".getBytes(StandardCharsets.UTF_8), "qk_a");
        assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), box.open(sealed, "qk_a"));
        assertThrows(SecretBox.SealedSecretException.class, () -> box.open(sealed, "qk_b"));
        sealed[sealed.length - 1] ^= 1;
        assertThrows(SecretBox.SealedSecretException.class, () -> box.open(sealed, "qk_a"));
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(new byte[16], rnd));
    }

    @Test
    void masterKeyPrecedenceAndGeneratedFileIsOwnerOnly() throws Exception {
        byte[] cfg = new byte[32];
        cfg[0] = 1;
        byte[] env = new byte[32];
        env[0] = 2;
        String cfg64 = Base64.getEncoder().encodeToString(cfg);
        String env64 = Base64.getEncoder().encodeToString(env);
        assertArrayEquals(cfg, MasterKey.resolve(cfg64, env64, dir, new SecureRandom()));
        assertArrayEquals(env, MasterKey.resolve("", env64, dir, new SecureRandom()));
        assertFalse(Files.exists(dir.resolve("master.key")));

        byte[] generated = MasterKey.resolve(null, null, dir.resolve("data"), new SecureRandom());
        Path f = dir.resolve("data").resolve(MasterKey.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(32, generated.length);
        assertArrayEquals(generated, MasterKey.resolve(null, null, dir.resolve("data"), new SecureRandom()), "second start reads the same key");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MasterKey.resolve(null, Base64.getEncoder().encodeToString(new byte[16]), dir, new SecureRandom()));
        assertTrue(e.getMessage().contains("QUARRY_MASTER_KEY"));
        assertThrows(IllegalArgumentException.class, () -> MasterKey.resolve("not base64!", null, dir, new SecureRandom()));
    }
}
