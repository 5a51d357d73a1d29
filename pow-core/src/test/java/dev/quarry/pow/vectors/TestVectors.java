package dev.quarry.pow.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Loads the shared Bitcoin test vectors from the test classpath copy {@code /testvectors/<name>.json}. */
public final class TestVectors {
    /** Every vector file; TestVectorCopyTest checks each is byte-identical to ../shared/testvectors. */
    public static final List<String> FILES = List.of("block_headers.json", "merkle.json", "nbits_difficulty.json",
            "encodings.json", "stratum_shares.json", "wire_messages.json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestVectors() {
    }

    public static JsonNode load(String fileName) {
        try (InputStream in = open(fileName)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String fileName) {
        try (InputStream in = open(fileName)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String fileName) {
        InputStream in = TestVectors.class.getResourceAsStream("/testvectors/" + fileName);
        if (in == null) {
            throw new IllegalStateException("test vector /testvectors/" + fileName + " is not on the classpath");
        }
        return in;
    }
}
