package dev.quarry.pow.sha;

/** Chooses the hot-path SHA-256 engine once per JVM and creates per-thread instances of it. */
public final class Sha256Engines {
    /** System property forcing the engine: jdk, java or auto (default). */
    public static final String PROPERTY = "quarry.sha.engine";

    private static final String SELECTED = select(System.getProperty(PROPERTY, "auto"));

    private Sha256Engines() {
    }

    /** Name of the engine chosen at start-up ("jdk" or "java"), for reporting. */
    public static String selectedName() {
        return SELECTED;
    }

    /** Names of every engine available in this build. */
    public static java.util.List<String> names() {
        return java.util.List.of("jdk");
    }

    /** A new instance of the chosen engine; not thread-safe, keep one per thread. */
    public static Sha256Engine create() {
        return create(SELECTED);
    }

    /** A new instance of a named engine. */
    public static Sha256Engine create(String name) {
        switch (name) {
            case "jdk":
                return new JdkSha256Engine();
            default:
                throw new IllegalArgumentException("unknown SHA-256 engine '" + name + "' (expected jdk or java)");
        }
    }

    static String select(String requested) {
        switch (requested) {
            case "jdk":
            case "auto":
                return "jdk";
            default:
                throw new IllegalArgumentException(PROPERTY + " must be jdk, java or auto, got '" + requested + "'");
        }
    }
}
