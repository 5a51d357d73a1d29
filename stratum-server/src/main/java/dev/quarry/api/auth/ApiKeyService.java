package dev.quarry.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates, lists and revokes API keys. The secret is generated here, returned once in
 * {@link CreatedKey}, and stored only sealed (AES-GCM, bound to the key id).
 */
public final class ApiKeyService {

    /** The only moment the secret is visible. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    /** A key with its secret opened, for verification. */
    public record ResolvedKey(ApiKey key, byte[] secretUtf8) {
    }

    private final AuthStore store;
    private final SecretBox box;
    private final SecureRandom random;

    public ApiKeyService(AuthStore store, SecretBox box, SecureRandom random) {
        this.store = store;
        this.box = box;
        this.random = random;
    }

    public CreatedKey create(String holderId, String label, Set<Scope> scopes, long nowSeconds) {
        if (scopes.isEmpty()) throw new IllegalArgumentException("a key needs at least one scope");
        if (label != null && label.length() > 200) throw new IllegalArgumentException("label longer than 200 characters");
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String keyId = "qk_" + HexFormat.of().formatHex(idBytes);
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        // base64url without padding: safe in shells, headers and JavaScript strings.
        String secret = "qs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        ApiKey key = new ApiKey(keyId, holderId, label == null ? "" : label, scopes, nowSeconds, 0);
        store.insertKey(new AuthStore.StoredKey(key, box.seal(secret.getBytes(StandardCharsets.UTF_8), keyId)));
        return new CreatedKey(key, secret);
    }

    public List<ApiKey> list(String holderId) {
        return store.listKeys(holderId);
    }

    public boolean revoke(String holderId, String keyId, long nowSeconds) {
        return store.revokeKey(holderId, keyId, nowSeconds);
    }

    public Optional<ResolvedKey> resolve(String keyId) {
        return store.findKey(keyId).map(k -> new ResolvedKey(k.key(), box.open(k.sealedSecret(), k.key().keyId())));
    }

    /** Same AES-GCM work as {@link #resolve} for an id that does not exist (timing equalisation). */
    byte[] openDecoy(byte[] sealedDecoy) {
        return box.open(sealedDecoy, "decoy");
    }

    byte[] sealDecoy(byte[] secret) {
        return box.seal(secret, "decoy");
    }
}
