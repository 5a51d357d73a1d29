package dev.quarry.pow.nativeengine;

/**
 * Loads libquarrysha for tests and selects the best back-end this CPU has (SHA-NI, else the
 * portable C code), so the equality tests also run on machines without SHA extensions.
 * The library must be present: pow-core's tests depend on quarry-native, which CI builds with gcc.
 */
final class NativeTestSupport {

    private NativeTestSupport() {
    }

    /** Loads the library (once) and returns the back-end now in use (NativeSha.ENGINE_*). */
    static int loadBest() {
        NativeLibraryLoader.load();
        return NativeSha.selectEngine(NativeSha.ENGINE_AUTO);
    }

    static NativeShareValidator validator() {
        loadBest();
        return new NativeShareValidator(true);
    }
}
