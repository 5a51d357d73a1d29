package dev.quarry.stratum.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.stratum.server.AddressRange;
import dev.quarry.stratum.share.RejectReason;
import dev.quarry.stratum.share.ShareRejectedException;
import dev.quarry.stratum.share.SubmitParser;
import dev.quarry.stratum.share.SubmittedShare;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure pieces the session is made of. */
class PureSessionLogicTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    @Test
    void configureIntersectsMasksAndToleratesFirmwareQuirks() throws Exception {
        var esp = ConfigureNegotiation.negotiate(json("[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\"}]"), 0x1fffe000);
        assertEquals(0x1fffe000, esp.versionMask());
        assertEquals("{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"}", esp.result().toString());
        var bos = ConfigureNegotiation.negotiate(json("[[\"version-rolling\"],{\"version-rolling.bit-count\":2,\"version-rolling.mask\":\"ffffffff\"}]"), 0x1fffe000);
        assertEquals(0x1fffe000, bos.versionMask());
        var narrow = ConfigureNegotiation.negotiate(json("[[\"version-rolling\"],{\"version-rolling.mask\":\"00ffe000\",\"version-rolling.min-bit-count\":32}]"), 0x1fffe000);
        assertEquals(0x00ffe000, narrow.versionMask(), "min-bit-count above what is granted does not fail (BIP310)");
        var noParams = ConfigureNegotiation.negotiate(json("[[\"version-rolling\"]]"), 0x1fffe000);
        assertEquals(0x1fffe000, noParams.versionMask());
        var disjoint = ConfigureNegotiation.negotiate(json("[[\"version-rolling\"],{\"version-rolling.mask\":\"00000fff\"}]"), 0x1fffe000);
        assertFalse(disjoint.result().get("version-rolling").asBoolean());
        var badMask = ConfigureNegotiation.negotiate(json("[[\"version-rolling\"],{\"version-rolling.mask\":\"xyz\"}]"), 0x1fffe000);
        assertTrue(badMask.result().get("version-rolling").isTextual());
        assertThrows(InvalidParamsException.class, () -> ConfigureNegotiation.negotiate(json("[\"version-rolling\"]"), 0x1fffe000));
    }

    @Test
    void suggestionsInAllForms() throws Exception {
        assertEquals(512, SuggestedDifficulty.fromSuggestDifficulty(json("[512]")));
        assertEquals(0.00015, SuggestedDifficulty.fromSuggestDifficulty(json("[0.00015]")));
        assertEquals(64, SuggestedDifficulty.fromSuggestDifficulty(json("[\"64\"]")));
        assertEquals(8, SuggestedDifficulty.fromSuggestDifficulty(json("[[8]]")));
        assertThrows(InvalidParamsException.class, () -> SuggestedDifficulty.fromSuggestDifficulty(json("[0]")));
        assertThrows(InvalidParamsException.class, () -> SuggestedDifficulty.fromSuggestDifficulty(json("[\"NaN\"]")));
        assertThrows(InvalidParamsException.class, () -> SuggestedDifficulty.fromSuggestDifficulty(json("[]")));
        assertEquals(1, SuggestedDifficulty.fromSuggestTarget(json("[\"00000000ffff0000000000000000000000000000000000000000000000000000\"]")));
        assertThrows(InvalidParamsException.class, () -> SuggestedDifficulty.fromSuggestTarget(json("[\"0\"]")));
    }

    @Test
    void passwordDifficultyAndWorkerNames() {
        assertEquals(1024, PasswordOptions.staticDifficulty("d=1024"));
        assertEquals(0.5, PasswordOptions.staticDifficulty("x, d=0.5"));
        assertTrue(Double.isNaN(PasswordOptions.staticDifficulty("x")));
        assertTrue(Double.isNaN(PasswordOptions.staticDifficulty("d=-3")));
        assertTrue(Double.isNaN(PasswordOptions.staticDifficulty("d=Infinity")));
        assertEquals(new WorkerName("c1.rig.a", "c1", "rig.a"), WorkerName.parse("c1.rig.a"));
        assertEquals(new WorkerName("farm", "farm", ""), WorkerName.parse("farm"));
        assertNull(WorkerName.parse(""));
        assertNull(WorkerName.parse(".rig"));
        assertNull(WorkerName.parse("a\u0000b"));
        assertNull(WorkerName.parse("x".repeat(300)));
    }

    @Test
    void submitSyntax() throws Exception {
        SubmittedShare s = SubmitParser.parse(json("[\"w\",\"j\",\"C7080000\",\"64B3F3EC\",\"a029ed1\",\"00002000\"]"), 4);
        assertArrayEquals(new byte[]{(byte) 0xc7, 8, 0, 0}, s.extranonce2());
        assertEquals(0x0a029ed1, s.nonce(), "short nonces are left-padded");
        assertEquals(0x00002000, s.versionBits());
        assertTrue(s.hasVersionBits());
        assertFalse(SubmitParser.parse(json("[\"w\",\"j\",\"00000000\",\"1\",\"2\"]"), 4).hasVersionBits());
        ShareRejectedException e = assertThrows(ShareRejectedException.class, () -> SubmitParser.parse(json("[\"w\",\"j\",\"000000\",\"1\",\"2\"]"), 4));
        assertEquals(RejectReason.WRONG_EXTRANONCE2_SIZE, e.reason());
        assertEquals(RejectReason.MALFORMED, assertThrows(ShareRejectedException.class,
                () -> SubmitParser.parse(json("[\"w\",\"j\",\"0000000g\",\"1\",\"2\"]"), 4)).reason());
        assertEquals(RejectReason.MALFORMED, assertThrows(ShareRejectedException.class,
                () -> SubmitParser.parse(json("[\"w\",\"j\",\"00000000\",\"1\",\"2\",\"3\",\"4\"]"), 4)).reason());
    }

    @Test
    void extranonceAllocatorIsUniqueAndResumable() {
        long[] now = {0};
        SequentialExtranonceAllocator a = new SequentialExtranonceAllocator(4, new byte[]{0x42}, 1000, () -> now[0], 0xfffffe);
        byte[] x = a.allocate(null);
        byte[] y = a.allocate(null);
        assertEquals(0x42, x[0]);
        assertNotEquals(java.util.HexFormat.of().formatHex(x), java.util.HexFormat.of().formatHex(y));
        String hx = java.util.HexFormat.of().formatHex(x);
        assertNotEquals(hx, java.util.HexFormat.of().formatHex(a.allocate(hx)), "a live value is never resumed");
        a.release(x);
        assertEquals(hx, java.util.HexFormat.of().formatHex(a.allocate(hx.toUpperCase())));
        a.release(x);
        now[0] = 2000;
        assertNotEquals(hx, java.util.HexFormat.of().formatHex(a.allocate(hx)), "resume window expired");
    }

    @Test
    void addressRanges() throws Exception {
        assertTrue(AddressRange.parse("10.0.0.0/8").contains(InetAddress.getByName("10.200.1.1")));
        assertFalse(AddressRange.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1")));
        assertTrue(AddressRange.parse("fd00::/8").contains(InetAddress.getByName("fd12::1")));
        assertFalse(AddressRange.parse("127.0.0.1").contains(InetAddress.getByName("::1")));
        assertTrue(AddressRange.parse("192.168.1.0/25").contains(InetAddress.getByName("192.168.1.127")));
        assertFalse(AddressRange.parse("192.168.1.0/25").contains(InetAddress.getByName("192.168.1.128")));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("example.com"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
    }
}
