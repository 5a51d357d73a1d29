package dev.quarry.config;

/** Bad configuration: the message names the key and the problem; start-up stops with it. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
