package dev.quarry.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;

/** The shared test vectors, from the classpath copy shipped in pow-core's test-jar. */
final class Vectors {
    private Vectors() {
    }

    static JsonNode load(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/testvectors/" + file)) {
            if (in == null) throw new IllegalStateException("test vector /testvectors/" + file + " not on the classpath");
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode vector(String file, String name) {
        for (JsonNode v : load(file).get("vectors")) if (name.equals(v.get("name").asText())) return v;
        throw new IllegalStateException("no vector " + name + " in " + file);
    }

    /** The printf templates of one firmware from wire_messages.json. */
    static JsonNode templates(String firmware) {
        for (JsonNode t : load("wire_messages.json").get("implementation_templates")) {
            if (firmware.equals(t.path("firmware").asText())) return t.get("templates");
        }
        throw new IllegalStateException("no templates for " + firmware);
    }

    /** The verbatim test line with this var/test_case. */
    static String line(String testCase, String var) {
        for (JsonNode t : load("wire_messages.json").get("test_lines")) {
            if (testCase.equals(t.path("test_case").asText(null)) && var.equals(t.path("var").asText())) return t.get("line").asText();
        }
        throw new IllegalStateException("no wire line " + testCase + "/" + var);
    }

    static String braiinsLine(String var) {
        for (JsonNode t : load("wire_messages.json").get("test_lines")) {
            if (!t.has("test_case") && var.equals(t.path("var").asText())) return t.get("line").asText();
        }
        throw new IllegalStateException("no braiins wire line " + var);
    }
}
