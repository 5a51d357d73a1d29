package dev.quarry.api.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the 32-byte master key that seals secrets at rest comes from, first match wins:
 * <ol>
 *   <li>an explicit value (configuration), base64 of 32 bytes;</li>
 *   <li>the environment variable {@code QUARRY_MASTER_KEY}, base64 of 32 bytes;</li>
 *   <li>the file {@code <data-dir>/master.key} (base64 of 32 bytes), which is generated from
 *       SecureRandom with permissions 0600 on first start if absent.</li>
 * </ol>
 * Losing the key makes stored API secrets and TOTP seeds unreadable (holders must create new keys
 * and enrol again), so operators back it up apart from the database.
 */
public final class MasterKey {

    public static final String ENV = "QUARRY_MASTER_KEY";
    public static final String FILE_NAME = "master.key";

    private MasterKey() {
    }

    public static byte[] resolve(String configured, String env, Path dataDir, SecureRandom random) throws IOException {
        if (configured != null && !configured.isBlank()) return decode(configured, "configured master key");
        if (env != null && !env.isBlank()) return decode(env, ENV);
        return loadOrCreate(dataDir.resolve(FILE_NAME), random);
    }

    public static byte[] resolveFromEnvironment(String configured, Path dataDir) throws IOException {
        return resolve(configured, System.getenv(ENV), dataDir, new SecureRandom());
    }

    static byte[] decode(String base64, String source) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not valid base64");
        }
        if (k.length != 32) throw new IllegalArgumentException(source + " must decode to 32 bytes, got " + k.length);
        return k;
    }

    private static byte[] loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file)) return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] k = new byte[32];
        random.nextBytes(k);
        try {
            // Created with 0600 from the start: never a moment where the key is world-readable.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (UnsupportedOperationException nonPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(k) + "\n", StandardCharsets.US_ASCII);
        return k;
    }
}
