package dev.quarry.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Merges the layers of configuration, each overriding the one before: built-in defaults, the YAML
 * file, environment variables, command-line flags. Every value ends up as a string keyed by
 * {@link ConfigKey}; {@link QuarryConfig} parses and checks them.
 */
public final class ConfigLoader {

    private final Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);

    public ConfigLoader() {
        for (ConfigKey k : ConfigKey.values()) values.put(k, k.defaultValue());
    }

    /** Reads a YAML file with nested maps ({@code stratum: {port: 3333}}) or dotted keys. Unknown keys are errors. */
    public ConfigLoader yamlFile(Path file) {
        if (file == null) return this;
        if (!Files.isRegularFile(file)) throw new ConfigException("--config", "no such file: " + file);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read YAML " + file + ": " + e.getMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) return this;
        if (!root.isObject()) throw new ConfigException("--config", "the top level of " + file + " must be a mapping");
        flatten("", root);
        return this;
    }

    private void flatten(String prefix, JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            ConfigKey k = ConfigKey.byKey(key);
            if (k == null && v.isObject()) {
                flatten(key, v);
                continue;
            }
            if (k == null) throw new ConfigException(key, "unknown configuration key");
            if (v.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode item : v) {
                    if (!item.isValueNode()) throw new ConfigException(key, "list items must be plain values");
                    if (sb.length() > 0) sb.append(',');
                    sb.append(item.asText());
                }
                values.put(k, sb.toString());
            } else if (v.isValueNode()) {
                values.put(k, v.isNull() ? "" : v.asText());
            } else {
                throw new ConfigException(key, "expected a value, found a mapping");
            }
        }
    }

    /** Applies QUARRY_* variables from the given environment. */
    public ConfigLoader environment(Map<String, String> env) {
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.envName());
            if (v != null) values.put(k, v);
        }
        return this;
    }

    /** Applies one command-line flag (null = flag absent). */
    public ConfigLoader flag(ConfigKey key, String value) {
        if (value != null) values.put(key, value);
        return this;
    }

    public QuarryConfig build() {
        return QuarryConfig.from(values);
    }
}
