package dev.quarry.pow.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.vectors.TestVectors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** nbits_difficulty.json: Bitcoin Core SetCompact/GetCompact/GetDifficulty and btcpool DiffToTarget vectors. */
class NbitsDifficultyVectorTest {
    private static final JsonNode FILE = TestVectors.load("nbits_difficulty.json");

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static BigInteger hex256(String hex) {
        return new BigInteger(hex, 16);
    }

    private static String hex256(BigInteger v) {
        return String.format("%064x", v);
    }

    private static void assertRelativelyClose(double expected, double actual, double relTol, String what) {
        assertTrue(Math.abs(expected - actual) <= Math.abs(expected) * relTol,
                what + ": expected " + expected + " got " + actual);
    }

    @Test
    void diff1DefinitionMatches() {
        JsonNode defs = FILE.get("definitions");
        assertEquals(defs.get("diff1_target_hex").asText(), hex256(Difficulty.DIFF1));
        assertEquals(new BigInteger(defs.get("diff1_target_decimal").asText()), Difficulty.DIFF1);
        JsonNode g = FILE.get("genesis_nbits");
        int bits = StratumCodec.parseUint32(g.get("nbits").asText());
        assertEquals(g.get("target_hex").asText(), hex256(Compact.toTarget(bits)));
        assertEquals(g.get("difficulty").asDouble(), Difficulty.network(bits));
        assertEquals(g.get("difficulty").asDouble(), Difficulty.ofTarget(Compact.toTarget(bits)));
    }

    @TestFactory
    Stream<DynamicTest> bitcoinCoreSetCompact() {
        return list(FILE.get("bitcoin_core_setcompact_vectors").get("cases")).stream().filter(c -> c.has("nbits"))
                .map(c -> DynamicTest.dynamicTest(c.get("nbits").asText(), () -> {
                    int bits = StratumCodec.parseUint32(c.get("nbits").asText());
                    Compact.Decoded d = Compact.decode(bits);
                    assertEquals(c.get("negative").asBoolean(), d.negative(), "negative flag");
                    assertEquals(c.get("overflow").asBoolean(), d.overflow(), "overflow flag");
                    if (d.negative() || d.overflow()) {
                        assertThrows(IllegalArgumentException.class, () -> Compact.toTarget(bits));
                    } else {
                        assertEquals(c.get("target_hex").asText(), hex256(Compact.toTarget(bits)));
                    }
                    if (!c.get("target_hex").isNull()) {
                        assertEquals(c.get("target_hex").asText(), hex256(d.magnitude()));
                        int recompacted = StratumCodec.parseUint32(c.get("recompacted_nbits").asText());
                        assertEquals(recompacted, Compact.fromTarget(d.magnitude(), d.negative()));
                        if (!d.negative()) {
                            assertEquals(recompacted, Compact.fromTarget(d.magnitude()));
                        }
                    }
                }));
    }

    @Test
    void getCompactNeverEmitsTheSignBit() {
        JsonNode c = list(FILE.get("bitcoin_core_setcompact_vectors").get("cases")).stream()
                .filter(n -> n.has("value_hex")).findFirst().orElseThrow();
        assertEquals(StratumCodec.parseUint32(c.get("expected_compact").asText()),
                Compact.fromTarget(new BigInteger(c.get("value_hex").asText(), 16)));
    }

    @TestFactory
    Stream<DynamicTest> bitcoinCoreGetDifficulty() {
        return list(FILE.get("bitcoin_core_getdifficulty_vectors").get("cases")).stream()
                .map(c -> DynamicTest.dynamicTest(c.get("nbits").asText(), () -> {
                    int bits = StratumCodec.parseUint32(c.get("nbits").asText());
                    double d = Difficulty.network(bits);
                    double expected = c.get("expected_difficulty_rounded").asDouble();
                    double tol = c.get("tolerance_abs").asDouble();
                    // Core's test compares with an absolute tolerance; for the huge value it is relative in effect.
                    double allowed = Math.max(tol, Math.abs(expected) * 1e-12);
                    assertTrue(Math.abs(d - expected) <= allowed, "expected " + expected + " got " + d);
                    assertRelativelyClose(c.get("difficulty_full_precision").asDouble(), d, 1e-14,
                            "full precision");
                    assertEquals(c.get("setcompact_negative").asBoolean(), Compact.decode(bits).negative());
                    if (c.has("target_hex")) {
                        assertEquals(c.get("target_hex").asText(), hex256(Compact.toTarget(bits)));
                    }
                }));
    }

    @Test
    void btcpoolBitsToTargetAndDifficulty() {
        JsonNode b = FILE.get("btcpool_vectors");
        for (JsonNode c : b.get("bits_to_target")) {
            assertEquals(c.get("target_hex").asText(),
                    hex256(Compact.toTarget(StratumCodec.parseUint32(c.get("nbits").asText()))));
        }
        for (JsonNode c : b.get("bits_to_difficulty")) {
            int bits = StratumCodec.parseUint32(c.get("nbits").asText());
            double d = Difficulty.network(bits);
            assertRelativelyClose(c.get("difficulty").asDouble(), d, 1e-14, "network difficulty");
            assertEquals(163074209L, (long) (d * 10000), c.get("btcpool_assert").asText());
            assertRelativelyClose(c.get("difficulty").asDouble(), Difficulty.ofTarget(Compact.toTarget(bits)),
                    1e-14, "difficulty of target");
        }
        // pdiff uses 2^224-1 as numerator: a different convention, checked to tell the two apart.
        BigInteger pdiff1 = BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE);
        double pdiff = new BigDecimal(pdiff1).divide(new BigDecimal(Compact.toTarget(0x1b0404cb)),
                MathContext.DECIMAL64).doubleValue();
        assertRelativelyClose(b.get("pdiff_of_target_1b0404cb").asDouble(), pdiff, 1e-14, "pdiff");
    }

    @TestFactory
    Stream<DynamicTest> btcpoolDiffToTarget() {
        return list(FILE.get("btcpool_vectors").get("difficulty_to_target")).stream()
                .map(c -> DynamicTest.dynamicTest(c.get("difficulty").asText(), () -> {
                    double difficulty = c.get("difficulty").asDouble();
                    BigInteger target = Difficulty.shareTarget(difficulty);
                    assertEquals(c.get("target_hex").asText(), hex256(target));
                    assertEquals(c.get("target_hex").asText(), hex256(Target256.of(target).toBigInteger()));
                    assertRelativelyClose(difficulty, Difficulty.ofTarget(target), 1e-9, "difficulty of target");
                }));
    }

    @TestFactory
    Stream<DynamicTest> realBlockNbits() {
        return list(FILE.get("real_block_nbits_DERIVED").get("cases")).stream()
                .map(c -> DynamicTest.dynamicTest(c.get("nbits").asText(), () -> {
                    int bits = StratumCodec.parseUint32(c.get("nbits").asText());
                    BigInteger target = Compact.toTarget(bits);
                    assertEquals(c.get("target_hex").asText(), hex256(target));
                    assertEquals(bits, Compact.fromTarget(target));
                    double expected = c.get("difficulty").asDouble();
                    assertRelativelyClose(expected, Difficulty.network(bits), 1e-14, "GetDifficulty");
                    assertRelativelyClose(expected, Difficulty.ofTarget(target), 1e-14, "DIFF1/target");
                    Target256 t = Target256.of(target);
                    assertEquals(target, t.toBigInteger());
                    byte[] atTarget = littleEndian(target);
                    assertTrue(t.isMetBy(atTarget), "hash equal to the target meets it");
                    assertFalse(t.isMetBy(littleEndian(target.add(BigInteger.ONE))), "target + 1 does not");
                }));
    }

    static byte[] littleEndian(BigInteger v) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = v.shiftRight(8 * i).byteValue();
        }
        return out;
    }
}
