package dev.quarry.pow.nativeengine;

/** Which implementation validates shares; reported at start-up and exported as a metric label. */
public enum ShaPath {
    /** libquarrysha with the x86 SHA extensions. */
    NATIVE_SHA_NI("native-sha-ni"),
    /** The pure-Java path in dev.quarry.pow.share. */
    JAVA("java");

    private final String label;

    ShaPath(String label) {
        this.label = label;
    }

    /** Short stable name for logs and metric labels. */
    public String label() {
        return label;
    }
}
