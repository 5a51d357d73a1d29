package dev.quarry.api.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TotpTest {

    /** RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc6238AppendixBSha1Vectors() {
        Totp eight = new Totp("HmacSHA1", 8, 30, 1);
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] codes = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        for (int i = 0; i < times.length; i++) {
            assertEquals(codes[i], eight.codeAt(RFC_SEED, eight.step(times[i])), "T=" + times[i]);
        }
    }

    @Test
    void sixDigitCodeIsTheLastSixOfTheEightDigitOne() {
        // Same truncated value mod 10^6: RFC 4226 dynamic truncation does not depend on the digit count.
        assertEquals("287082", Totp.standard().codeAt(RFC_SEED, 1));
        assertEquals("081804", Totp.standard().codeAt(RFC_SEED, Totp.standard().step(1111111109L)));
    }

    @Test
    void acceptsOneStepOfDriftEitherWayButNotTwo() {
        Totp t = Totp.standard();
        long now = 1111111109L;
        long step = t.step(now);
        assertEquals(step - 1, t.matchingStep(RFC_SEED, t.codeAt(RFC_SEED, step - 1), now).getAsLong());
        assertEquals(step + 1, t.matchingStep(RFC_SEED, t.codeAt(RFC_SEED, step + 1), now).getAsLong());
        assertFalse(t.matchingStep(RFC_SEED, t.codeAt(RFC_SEED, step + 2), now).isPresent());
        assertFalse(t.matchingStep(RFC_SEED, t.codeAt(RFC_SEED, step - 2), now).isPresent());
        assertFalse(t.matchingStep(RFC_SEED, "12345", now).isPresent());
        assertFalse(t.matchingStep(RFC_SEED, "abcdef", now).isPresent());
    }

    @Test
    void base32MatchesRfc4648Vectors() {
        assertEquals("MZXW6YTBOI", Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("MZXW6YQ", Base32.encode("foob".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), Base32.decode("MZXW6YTBOI======"));
        assertArrayEquals("fo".getBytes(StandardCharsets.US_ASCII), Base32.decode("mzxq===="));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.encode(RFC_SEED));
    }

    @Test
    void otpauthUriCarriesSecretIssuerAndParameters() {
        assertEquals("otpauth://totp/Quarry:holder%201?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Quarry&algorithm=SHA1&digits=6&period=30",
                Totp.standard().otpauthUri("Quarry", "holder 1", RFC_SEED));
    }

    @Test
    void enrolConfirmAndOneUsePerCode(@TempDir Path dir) {
        SecureRandom rnd = new SecureRandom();
        byte[] master = new byte[32];
        rnd.nextBytes(master);
        String url = "jdbc:sqlite:" + dir.resolve("t.db");
        TotpService svc = new TotpService(new JdbcAuthStore(() -> DriverManager.getConnection(url)),
                new SecretBox(master, rnd), Totp.standard(), rnd, "Quarry");
        long now = 1_800_000_000L;
        assertEquals(TotpService.Check.NOT_ENROLLED, svc.check("h", "123456", now, false));
        TotpService.Enrolment e = svc.enrol("h");
        assertTrue(e.otpauthUri().contains("secret=" + e.secretBase32()));
        byte[] seed = Base32.decode(e.secretBase32());
        assertFalse(svc.enrolled("h"));
        assertEquals(TotpService.Check.NOT_ENROLLED, svc.check("h", Totp.standard().codeAt(seed, Totp.standard().step(now)), now, true));
        assertEquals(TotpService.Check.OK, svc.check("h", Totp.standard().codeAt(seed, Totp.standard().step(now)), now, false));
        assertTrue(svc.enrolled("h"));
        // the same code again: refused (its step is used up)
        assertEquals(TotpService.Check.INVALID, svc.check("h", Totp.standard().codeAt(seed, Totp.standard().step(now)), now, true));
        assertEquals(TotpService.Check.OK, svc.check("h", Totp.standard().codeAt(seed, Totp.standard().step(now + 30)), now + 30, true));
        assertEquals(TotpService.Check.INVALID, svc.check("h", "000000".equals(Totp.standard().codeAt(seed, Totp.standard().step(now + 60))) ? "111111" : "000000", now + 60, true));
        assertEquals(TotpService.Check.MISSING, svc.check("h", "", now + 60, true));
    }
}
