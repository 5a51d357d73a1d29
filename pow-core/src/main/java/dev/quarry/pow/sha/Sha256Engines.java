package dev.quarry.pow.sha;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Chooses the hot-path SHA-256 engine once per JVM and creates per-thread instances of it.
 *
 * <p>auto (default): when HotSpot's UseSHA256Intrinsics is on, MessageDigest is compiled to SHA instructions (or
 * an AVX2 kernel) and the JDK engine wins; when it is off, the pure-Java engine beats the JDK's own Java fallback.
 * UseSHA256Intrinsics is a diagnostic flag, readable only with -XX:+UnlockDiagnosticVMOptions (which is also
 * required to switch it off); when it is locked it has its default, which is on exactly when the product flag
 * UseSHA is on (HotSpot turns UseSHA off on CPUs without support). When neither flag can be read (not HotSpot),
 * a short bounded measurement decides. The property {@value #PROPERTY} = jdk | java | auto forces the choice.
 */
public final class Sha256Engines {
    /** System property forcing the engine: jdk, java or auto (default). */
    public static final String PROPERTY = "quarry.sha.engine";

    private static final List<String> NAMES = List.of("jdk", "java");
    private static final Selection SELECTION = select(System.getProperty(PROPERTY, "auto"));

    private Sha256Engines() {
    }

    /** Why an engine was chosen, for the start-up report. */
    record Selection(String name, String reason) {
    }

    /** Name of the engine chosen at start-up ("jdk" or "java"), for reporting. */
    public static String selectedName() {
        return SELECTION.name();
    }

    /** One line saying which engine was chosen and why, e.g. "jdk (UseSHA256Intrinsics=true)". */
    public static String selectionReport() {
        return SELECTION.name() + " (" + SELECTION.reason() + ")";
    }

    /** Names of every engine in this build. */
    public static List<String> names() {
        return NAMES;
    }

    /** A new instance of the chosen engine; not thread-safe, keep one per thread. */
    public static Sha256Engine create() {
        return create(SELECTION.name());
    }

    /** A new instance of a named engine ("jdk" or "java"). */
    public static Sha256Engine create(String name) {
        switch (name) {
            case "jdk":
                return new JdkSha256Engine();
            case "java":
                return new JavaSha256Engine();
            default:
                throw new IllegalArgumentException("unknown SHA-256 engine '" + name + "' (expected jdk or java)");
        }
    }

    static Selection select(String requested) {
        switch (requested) {
            case "jdk":
            case "java":
                return new Selection(requested, PROPERTY + "=" + requested);
            case "auto":
                return auto();
            default:
                throw new IllegalArgumentException(PROPERTY + " must be jdk, java or auto, got '" + requested + "'");
        }
    }

    private static Selection auto() {
        Boolean intrinsic = hotSpotFlag("UseSHA256Intrinsics");
        if (intrinsic != null) {
            return new Selection(intrinsic ? "jdk" : "java", "UseSHA256Intrinsics=" + intrinsic);
        }
        Boolean useSha = hotSpotFlag("UseSHA");
        if (useSha != null) {
            return new Selection(useSha ? "jdk" : "java", "UseSHA=" + useSha
                    + ", UseSHA256Intrinsics locked at its default");
        }
        return measure();
    }

    /** A boolean HotSpot flag, or null when it cannot be read (locked diagnostic flag, another VM). */
    static Boolean hotSpotFlag(String name) {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return null;
            }
            VMOption option = bean.getVMOption(name);
            return Boolean.valueOf(option.getValue());
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, or the flag is hidden on this VM: the caller falls back.
            return null;
        }
    }

    /** A short bounded race (about 0.2 s at most) of header sha256d on both engines; the faster one wins. */
    private static Selection measure() {
        long jdk = EngineRace.nanosPerHeader(new JdkSha256Engine());
        long java = EngineRace.nanosPerHeader(new JavaSha256Engine());
        String winner = java < jdk ? "java" : "jdk";
        return new Selection(winner, "measured jdk " + jdk + " ns, java " + java + " ns per header");
    }
}
