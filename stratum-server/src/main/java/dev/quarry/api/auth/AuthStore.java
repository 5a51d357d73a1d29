package dev.quarry.api.auth;

import java.util.List;
import java.util.Optional;

/** Persistence of API keys and TOTP seeds; secrets arrive here already sealed by {@link SecretBox}. */
public interface AuthStore {

    record StoredKey(ApiKey key, byte[] sealedSecret) {
    }

    /** A holder's TOTP seed (sealed) and whether enrolment was confirmed with a first valid code. */
    record StoredTotp(String holderId, byte[] sealedSeed, boolean confirmed, long lastUsedStep) {
    }

    void insertKey(StoredKey key);

    Optional<StoredKey> findKey(String keyId);

    List<ApiKey> listKeys(String holderId);

    /** Marks the holder's key revoked at the given time; false if the key is not the holder's or already revoked. */
    boolean revokeKey(String holderId, String keyId, long revokedAt);

    void putTotp(StoredTotp totp);

    Optional<StoredTotp> findTotp(String holderId);

    /**
     * Records that the code of {@code step} was used, only if it is later than the last used step,
     * atomically; false means the step was already used (a replayed code).
     */
    boolean markTotpStepUsed(String holderId, long step);
}
