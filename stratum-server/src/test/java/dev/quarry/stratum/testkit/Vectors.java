package dev.quarry.stratum.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the shared test vectors from the classpath copy {@code /testvectors/<file>} (pow-core test-jar). */
public final class Vectors {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Vectors() {
    }

    public static JsonNode load(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/testvectors/" + file)) {
            if (in == null) throw new IllegalStateException("/testvectors/" + file + " not on the test classpath");
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The verbatim "line" of a wire_messages.json test line, by its var name (first match). */
    public static String wireLine(String var) {
        for (JsonNode t : load("wire_messages.json").get("test_lines")) {
            if (var.equals(t.path("var").asText())) return t.get("line").asText();
        }
        throw new IllegalArgumentException("no wire line " + var);
    }

    /** The printf templates of one firmware in wire_messages.json. */
    public static JsonNode templates(String firmwarePrefix) {
        for (JsonNode t : load("wire_messages.json").get("implementation_templates")) {
            if (t.path("firmware").asText().startsWith(firmwarePrefix)) return t.get("templates");
        }
        throw new IllegalArgumentException("no templates for " + firmwarePrefix);
    }
}
