package dev.quarry.pow.nativeengine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Extracts libquarrysha from the classpath (quarry-native jar) to a temporary file and loads
 * it. The temporary file is deleted right after loading: Linux keeps a loaded library mapped
 * after its file is unlinked, so nothing is left behind even if the JVM is killed.
 */
final class NativeLibraryLoader {

    static final String RESOURCE_DIR = "/native/linux-x86_64/";
    static final String LIBRARY_FILE = "libquarrysha.so";

    private static boolean loaded;

    private NativeLibraryLoader() {
    }

    /** The classpath resource for this platform, or null when there is no build for it. */
    static String resourceFor(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            return RESOURCE_DIR + LIBRARY_FILE;
        }
        return null;
    }

    /**
     * Loads the library; throws {@link NativeUnavailableException} with the reason when there is
     * no build for this platform, the resource is missing or loading fails.
     */
    static synchronized void load() {
        if (loaded) {
            return;  // a second System.load of a fresh copy would not rebind the natives
        }
        String os = System.getProperty("os.name", "?");
        String arch = System.getProperty("os.arch", "?");
        String resource = resourceFor(os, arch);
        if (resource == null) {
            throw new NativeUnavailableException("no native library built for " + os + "/" + arch);
        }
        try (InputStream in = NativeLibraryLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new NativeUnavailableException("classpath resource " + resource
                        + " not found (quarry-native built without gcc, or not on the classpath)");
            }
            Path tmp = Files.createTempFile("libquarrysha-", ".so");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                System.load(tmp.toAbsolutePath().toString());
                loaded = true;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new NativeUnavailableException("could not extract " + resource + ": " + e, e);
        } catch (UnsatisfiedLinkError e) {
            throw new NativeUnavailableException("could not load " + resource + ": " + e.getMessage(), e);
        }
    }
}
