package dev.quarry.pow.header;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.vectors.TestVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** encodings.json: prevhash display/stratum/header byte orders and BIP310 version rolling. */
class EncodingsVectorTest {
    private static final JsonNode FILE = TestVectors.load("encodings.json");

    @TestFactory
    Stream<DynamicTest> prevHashPairs() {
        List<JsonNode> pairs = new ArrayList<>();
        FILE.get("prevhash_display_vs_stratum").forEach(pairs::add);
        return pairs.stream().map(p -> DynamicTest.dynamicTest(p.get("display").asText(), () -> {
            byte[] internal = Hex.reversed(Hex.decode(p.get("display").asText()));
            assertEquals(p.get("header_bytes_hex").asText(), Hex.encode(internal));
            assertEquals(p.get("stratum").asText(), StratumCodec.prevHashToStratum(internal));
            assertEquals(p.get("header_bytes_hex").asText(),
                    Hex.encode(StratumCodec.prevHashFromStratum(p.get("stratum").asText())));
            assertEquals(p.get("header_bytes_hex").asText(),
                    Hex.encode(StratumCodec.prevHashFromStratum(p.get("stratum").asText().toUpperCase())));
        }));
    }

    @TestFactory
    Stream<DynamicTest> versionRollingWorkedExamples() {
        List<JsonNode> examples = new ArrayList<>();
        FILE.get("version_rolling").get("worked_from_vectors").forEach(examples::add);
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.get("from").asText(), () -> {
            int rolled = StratumCodec.rollVersion(StratumCodec.parseUint32(e.get("job_version").asText()),
                    StratumCodec.parseUint32(e.get("version_bits").asText()),
                    StratumCodec.parseUint32(e.get("mask").asText()));
            assertEquals(e.get("header_version").asText(), StratumCodec.uint32Hex(rolled));
        }));
    }

    @Test
    void espMinerIncrementBitmaskSequenceStaysInsideTheMask() {
        JsonNode inc = FILE.get("esp_miner_helpers").get("increment_bitmask");
        int version = StratumCodec.parseUint32(inc.get("start").asText());
        int mask = StratumCodec.parseUint32(inc.get("mask").asText());
        for (JsonNode expected : inc.get("sequence")) {
            // ESP-Miner increments the masked bits as a counter: add the mask's lowest bit, carry within the mask.
            int bits = ((version & mask) + Integer.lowestOneBit(mask)) & mask;
            version = StratumCodec.rollVersion(version, bits, mask);
            assertEquals(expected.asText(), StratumCodec.uint32Hex(version));
        }
    }

    @Test
    void extranonce2CounterIsLittleEndian() {
        for (JsonNode c : FILE.get("esp_miner_helpers").get("extranonce2_generate_little_endian_counter")) {
            long counter = c.get("counter").asLong();
            byte[] en2 = new byte[c.get("size").asInt()];
            for (int i = 0; i < en2.length && i < 8; i++) {
                en2[i] = (byte) (counter >>> (8 * i));
            }
            assertEquals(c.get("hex").asText(), Hex.encode(en2));
        }
    }
}
