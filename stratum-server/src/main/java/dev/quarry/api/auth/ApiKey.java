package dev.quarry.api.auth;

import java.util.Set;

/**
 * An API key as listed (never with its secret).
 *
 * @param keyId          public id sent in X-Quarry-Key
 * @param holderId       the holder it acts for
 * @param label          free text chosen by the holder
 * @param scopes         what it may do
 * @param createdAt      epoch seconds
 * @param revokedAt      epoch seconds, or 0 while active
 */
public record ApiKey(String keyId, String holderId, String label, Set<Scope> scopes, long createdAt, long revokedAt) {

    public ApiKey {
        scopes = Set.copyOf(scopes);
    }

    public boolean revoked() {
        return revokedAt != 0;
    }

    public boolean has(Scope s) {
        return scopes.contains(s);
    }
}
