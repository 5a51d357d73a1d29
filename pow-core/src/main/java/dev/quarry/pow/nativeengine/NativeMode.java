package dev.quarry.pow.nativeengine;

import java.util.Locale;

/** The {@code quarry.native} system property: use the native engine when possible, always, or never. */
public enum NativeMode {
    /** Native when the library loads and the CPU has SHA-NI, otherwise the Java path. */
    AUTO,
    /** Native or fail: start-up errors out when the native engine is unavailable. */
    ON,
    /** Always the Java path; the library is not even loaded. */
    OFF;

    public static final String PROPERTY = "quarry.native";

    /** Parses the property value; null or blank means {@link #AUTO}. */
    public static NativeMode parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto":
                return AUTO;
            case "on":
            case "true":
                return ON;
            case "off":
            case "false":
                return OFF;
            default:
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + " must be auto, on or off, not '" + value + "'");
        }
    }

    public static NativeMode fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }
}
