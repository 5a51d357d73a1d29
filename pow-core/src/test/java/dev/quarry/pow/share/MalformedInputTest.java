package dev.quarry.pow.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.pow.header.BlockHeader;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.hex.HexFormatException;
import dev.quarry.pow.merkle.Merkle;
import dev.quarry.pow.target.Compact;
import dev.quarry.pow.target.Difficulty;
import dev.quarry.pow.target.Target256;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input gets a typed error naming the problem, never an index exception. */
class MalformedInputTest {

    @Test
    void hexDecodeRejectsNullOddLengthAndNonHex() {
        assertTrue(assertThrows(HexFormatException.class, () -> Hex.decode(null)).getMessage().contains("null"));
        assertTrue(assertThrows(HexFormatException.class, () -> Hex.decode("abc")).getMessage()
                .contains("odd length 3"));
        HexFormatException e = assertThrows(HexFormatException.class, () -> Hex.decode("00zz"));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("index 2"), e.getMessage());
        assertThrows(HexFormatException.class, () -> Hex.decode("0x00"));
        assertThrows(HexFormatException.class, () -> Hex.decode("00\u00e9a"));
        assertEquals(0, Hex.decode("").length);
    }

    @Test
    void hexEncodeRangeOutsideTheArrayIsAnIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> Hex.encode(new byte[4], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Hex.encode(new byte[4], -1, 1));
        assertEquals("0203", Hex.encode(new byte[] {1, 2, 3, 4}, 1, 2));
    }

    @Test
    void parseUint32RejectsEmptyTooLongAndNonHex() {
        assertThrows(HexFormatException.class, () -> StratumCodec.parseUint32(""));
        assertThrows(HexFormatException.class, () -> StratumCodec.parseUint32("123456789"));
        assertThrows(HexFormatException.class, () -> StratumCodec.parseUint32("1234567g"));
        assertThrows(HexFormatException.class, () -> StratumCodec.parseUint32(null));
        assertThrows(HexFormatException.class, () -> StratumCodec.parseUint32("-1"));
        assertEquals(0xabc, StratumCodec.parseUint32("ABC"));
    }

    @Test
    void prevHashFromStratumNeedsExactly64HexCharacters() {
        HexFormatException e = assertThrows(HexFormatException.class,
                () -> StratumCodec.prevHashFromStratum("00".repeat(31)));
        assertTrue(e.getMessage().contains("prevhash") && e.getMessage().contains("64"), e.getMessage());
        assertThrows(HexFormatException.class, () -> StratumCodec.prevHashFromStratum("0".repeat(63) + "x"));
        assertThrows(HexFormatException.class, () -> StratumCodec.prevHashFromStratum(null));
        assertThrows(IllegalArgumentException.class, () -> StratumCodec.prevHashToStratum(new byte[31]));
    }

    @Test
    void submitFieldsGiveReasonCodes() {
        assertEquals("extranonce2-length",
                assertThrows(InvalidShareInputException.class, () -> SubmitFields.extranonce2("0001", 4)).reason());
        assertEquals("extranonce2-hex",
                assertThrows(InvalidShareInputException.class, () -> SubmitFields.extranonce2("0000000g", 4))
                        .reason());
        assertEquals("extranonce2-missing",
                assertThrows(InvalidShareInputException.class, () -> SubmitFields.extranonce2(null, 4)).reason());
        assertEquals("nonce-length",
                assertThrows(InvalidShareInputException.class, () -> SubmitFields.nonce("1234567")).reason());
        assertEquals("nonce-hex",
                assertThrows(InvalidShareInputException.class, () -> SubmitFields.nonce("1234567z")).reason());
        assertEquals("ntime-length",
                assertThrows(InvalidShareInputException.class, () -> SubmitFields.ntime("")).reason());
        assertEquals("ntime-missing",
                assertThrows(InvalidShareInputException.class, () -> SubmitFields.ntime(null)).reason());
        assertEquals("version-bits-hex",
                assertThrows(InvalidShareInputException.class, () -> SubmitFields.versionBits("123456789")).reason());
        assertEquals(0xb2957c02, SubmitFields.nonce("B2957C02"));
        assertEquals(0x2000, SubmitFields.versionBits("2000"));
    }

    @Test
    void shareJobAndValidatorRejectWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> new ShareJob(new byte[31], new byte[0], new byte[0],
                new byte[0][], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShareJob(new byte[32], null, new byte[0],
                new byte[0][], 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ShareJob(new byte[32],
                new byte[0], new byte[0], new byte[][] {new byte[32], new byte[33]}, 1, 1));
        assertTrue(e.getMessage().contains("step 1"), e.getMessage());
        ShareJob job = new ShareJob(new byte[32], new byte[10], new byte[10], new byte[0][], 1, 1);
        assertThrows(InvalidShareInputException.class,
                () -> new ShareValidator().validate(job, null, new byte[4], 0, 0, 1, new ShareOutcome()));
    }

    @Test
    void headerAndMerkleRejectWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> BlockHeader.write(new byte[79], 1, new byte[32],
                new byte[32], 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> BlockHeader.build(1, new byte[32], new byte[31], 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Merkle.root(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Merkle.root(List.of(new byte[32], new byte[3])));
        assertThrows(IllegalArgumentException.class, () -> Merkle.foldBranch(new byte[32],
                new byte[][] {new byte[31]}));
        assertThrows(IllegalArgumentException.class, () -> Merkle.coinbaseBranch(null));
    }

    @Test
    void targetsRejectOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> Target256.of(BigInteger.ONE.shiftLeft(256)));
        assertThrows(IllegalArgumentException.class, () -> Target256.of(BigInteger.valueOf(-1)));
        assertThrows(IllegalArgumentException.class, () -> Target256.of(BigInteger.ONE).isMetBy(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Compact.fromTarget(BigInteger.valueOf(-5)));
        assertThrows(IllegalArgumentException.class, () -> Difficulty.shareTarget(0));
        assertThrows(IllegalArgumentException.class, () -> Difficulty.shareTarget(-1));
        assertThrows(IllegalArgumentException.class, () -> Difficulty.shareTarget(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Difficulty.shareTarget(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Difficulty.ofTarget(BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Difficulty.ofHash(new byte[16]));
        assertEquals(Double.POSITIVE_INFINITY, Difficulty.ofHash(new byte[32]));
    }

    @Test
    void tinyDifficultiesCapTheTargetAt2Pow256Minus1() {
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        assertEquals(max, Difficulty.shareTarget(Double.MIN_VALUE));
        assertEquals(Difficulty.DIFF1.shiftLeft(1), Difficulty.shareTarget(0.5));
    }
}
