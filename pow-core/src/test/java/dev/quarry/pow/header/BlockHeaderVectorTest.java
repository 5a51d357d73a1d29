package dev.quarry.pow.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.sha.Sha256;
import dev.quarry.pow.sha.Sha256Engine;
import dev.quarry.pow.sha.Sha256Engines;
import dev.quarry.pow.target.Compact;
import dev.quarry.pow.target.Target256;
import dev.quarry.pow.vectors.TestVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** block_headers.json: real mainnet headers rebuilt from their fields, hashed by every engine, PoW-checked. */
class BlockHeaderVectorTest {

    private static List<JsonNode> vectors() {
        List<JsonNode> out = new ArrayList<>();
        TestVectors.load("block_headers.json").get("vectors").forEach(out::add);
        return out;
    }

    @TestFactory
    Stream<DynamicTest> headersRebuildFromFieldsAndHashToTheBlockHash() {
        return vectors().stream().map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> {
            byte[] header = Hex.decode(v.get("header_hex").asText());
            JsonNode f = v.get("fields");
            byte[] rebuilt = BlockHeader.build(
                    StratumCodec.parseUint32(f.get("version").asText()),
                    Hex.reversed(Hex.decode(f.get("prev_hash").asText())),
                    Hex.reversed(Hex.decode(f.get("merkle_root").asText())),
                    (int) f.get("time").asLong(),
                    StratumCodec.parseUint32(f.get("bits").asText()),
                    (int) f.get("nonce").asLong());
            assertEquals(v.get("header_hex").asText(), Hex.encode(rebuilt));
            assertEquals(f.get("nonce").asLong(), Integer.toUnsignedLong(StratumCodec.parseUint32(
                    f.get("nonce_hex").asText())));

            byte[] hash = Sha256.sha256d(header);
            assertEquals(v.get("sha256d_raw_digest_hex").asText(), Hex.encode(hash));
            assertEquals(v.get("expected_block_hash").asText(), Hex.encode(Hex.reversed(hash)));

            for (String engineName : Sha256Engines.names()) {
                Sha256Engine engine = Sha256Engines.create(engineName);
                byte[] out = new byte[40];
                engine.sha256d(header, 0, 80, out, 8);
                assertEquals(Hex.encode(hash), Hex.encode(out, 8, 32), "engine " + engineName);
            }

            Target256 own = Target256.of(Compact.toTarget(StratumCodec.parseUint32(f.get("bits").asText())));
            assertEquals(v.get("pow_meets_own_nbits").asBoolean(), own.isMetBy(hash));
            assertTrue(v.get("pow_meets_own_nbits").asBoolean(), "every header in the file is a real block");
        }));
    }

    @TestFactory
    Stream<DynamicTest> writeIntoExistingBufferMatchesBuild() {
        return vectors().stream().map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> {
            byte[] header = Hex.decode(v.get("header_hex").asText());
            byte[] out = new byte[80];
            java.util.Arrays.fill(out, (byte) 0x5a);
            BlockHeader.write(out, intLe(header, 0), java.util.Arrays.copyOfRange(header, 4, 36),
                    java.util.Arrays.copyOfRange(header, 36, 68), intLe(header, 68), intLe(header, 72),
                    intLe(header, 76));
            assertArrayEquals(header, out);
        }));
    }

    private static int intLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
