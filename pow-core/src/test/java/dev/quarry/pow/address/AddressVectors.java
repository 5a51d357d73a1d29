package dev.quarry.pow.address;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the address vectors from the test classpath (/address/*.json, sources in /address/README.md). */
final class AddressVectors {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AddressVectors() {
    }

    static JsonNode load(String name) {
        try (InputStream in = AddressVectors.class.getResourceAsStream("/address/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource /address/" + name);
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        return sb.toString();
    }
}
