package dev.quarry.pow.nativeengine;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Decides once per JVM whether shares are validated natively, following
 * {@code -Dquarry.native=auto|on|off}: loads libquarrysha, asks the CPU for SHA-NI through the
 * library, and falls back to the Java path (logged once) when anything is missing. With
 * {@code on}, an unavailable engine is an error instead.
 */
public final class NativeEngine {

    private static final Logger LOG = System.getLogger(NativeEngine.class.getName());

    /** The decision, made on first use. */
    public static final class Status {
        private final ShaPath path;
        private final NativeMode mode;
        private final String reason;

        Status(ShaPath path, NativeMode mode, String reason) {
            this.path = path;
            this.mode = mode;
            this.reason = reason;
        }

        public ShaPath path() {
            return path;
        }

        public NativeMode mode() {
            return mode;
        }

        /** Why this path: e.g. "SHA-NI detected" or the reason native is unavailable. */
        public String reason() {
            return reason;
        }

        /** One line for the server's start-up log. */
        public String describe() {
            return "share validation: " + path.label() + " (quarry.native=" + mode.name().toLowerCase() + ": " + reason + ")";
        }
    }

    private static Status status;
    private static RuntimeException failure;

    private NativeEngine() {
    }

    /** The path in use; the first call decides (and throws if quarry.native=on and native is unavailable). */
    public static ShaPath path() {
        return status().path();
    }

    /** The decision, made once per JVM; with quarry.native=on and no native engine, every call throws. */
    public static synchronized Status status() {
        if (status == null && failure == null) {
            try {
                status = decide(NativeMode.fromSystemProperty());
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return status;
    }

    public static boolean isNative() {
        return path() == ShaPath.NATIVE_SHA_NI;
    }

    /** Throws with the reason unless the native engine is in use. */
    static void requireNative() {
        Status s = status();
        if (s.path() != ShaPath.NATIVE_SHA_NI) {
            throw new NativeUnavailableException("native share validation is not in use: " + s.reason());
        }
    }

    static Status decide(NativeMode mode) {
        if (mode == NativeMode.OFF) {
            Status s = new Status(ShaPath.JAVA, mode, "disabled by -D" + NativeMode.PROPERTY + "=off");
            LOG.log(Level.INFO, s.describe());
            return s;
        }
        String unavailable;
        try {
            NativeLibraryLoader.load();
            if (NativeSha.cpuHasShaNi() != 1) {
                unavailable = "CPU has no SHA extensions (SHA-NI)";
            } else if (NativeSha.selectEngine(NativeSha.ENGINE_SHANI) != NativeSha.ENGINE_SHANI) {
                unavailable = "native engine refused SHA-NI";
            } else {
                Status s = new Status(ShaPath.NATIVE_SHA_NI, mode, "libquarrysha loaded, SHA-NI detected, batches run "
                        + NativeSha.batchLanes() + " lanes at once");
                LOG.log(Level.INFO, s.describe());
                return s;
            }
        } catch (NativeUnavailableException e) {
            unavailable = e.getMessage();
        } catch (UnsatisfiedLinkError e) {
            unavailable = "library lacks an expected entry point: " + e.getMessage();
        }
        if (mode == NativeMode.ON) {
            throw new NativeUnavailableException("-D" + NativeMode.PROPERTY + "=on but native share validation is unavailable: "
                    + unavailable);
        }
        Status s = new Status(ShaPath.JAVA, mode, "native unavailable: " + unavailable);
        LOG.log(Level.WARNING, s.describe());
        return s;
    }
}
