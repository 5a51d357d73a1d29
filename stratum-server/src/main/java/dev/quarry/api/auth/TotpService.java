package dev.quarry.api.auth;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * TOTP second factor per holder: enrol (new seed, sealed at rest, shown once as base32 and an
 * otpauth URI), confirm with a first code, then verify codes for sensitive actions. A code is
 * accepted at most once (its step must be later than the last used one), so a code seen over a
 * shoulder cannot be reused within its 90-second life.
 */
public final class TotpService {

    public record Enrolment(String secretBase32, String otpauthUri) {
    }

    public enum Check { OK, NOT_ENROLLED, MISSING, INVALID }

    private final AuthStore store;
    private final SecretBox box;
    private final Totp totp;
    private final SecureRandom random;
    private final String issuer;

    public TotpService(AuthStore store, SecretBox box, Totp totp, SecureRandom random, String issuer) {
        this.store = store;
        this.box = box;
        this.totp = totp;
        this.random = random;
        this.issuer = issuer;
    }

    public boolean enrolled(String holderId) {
        return store.findTotp(holderId).map(AuthStore.StoredTotp::confirmed).orElse(false);
    }

    /** Starts (or restarts, while unconfirmed) enrolment. The caller makes sure a confirmed holder proved a code first. */
    public Enrolment enrol(String holderId) {
        byte[] seed = new byte[20];
        random.nextBytes(seed);
        store.putTotp(new AuthStore.StoredTotp(holderId, box.seal(seed, "totp:" + holderId), false, Long.MIN_VALUE));
        return new Enrolment(Base32.encode(seed), totp.otpauthUri(issuer, holderId, seed));
    }

    /** Checks a code against the holder's seed, pending or confirmed; a match confirms enrolment and uses up its step. */
    public Check check(String holderId, String code, long nowSeconds, boolean requireConfirmed) {
        Optional<AuthStore.StoredTotp> t = store.findTotp(holderId);
        if (t.isEmpty() || (requireConfirmed && !t.get().confirmed())) return Check.NOT_ENROLLED;
        if (code == null || code.isEmpty()) return Check.MISSING;
        byte[] seed = box.open(t.get().sealedSeed(), "totp:" + holderId);
        OptionalLong step = totp.matchingStep(seed, code, nowSeconds);
        if (step.isEmpty()) return Check.INVALID;
        return store.markTotpStepUsed(holderId, step.getAsLong()) ? Check.OK : Check.INVALID;
    }
}
