package dev.quarry.pow.nativeengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Builds the C engine and native/src/test/c/check_vectors.c with AddressSanitizer and
 * UndefinedBehaviorSanitizer into target/, and runs it on the stratum_shares.json vectors plus
 * random shares (expected values from the JSON and from the Java path). Requires gcc: without
 * it this test fails, it does not skip (CI installs gcc).
 */
class NativeSanitizerTest {

    private static final String[] C_SOURCES = {
        "main/c/sha256_portable.c", "main/c/sha256_shani.c", "main/c/sha256_avx512.c", "main/c/engine.c",
        "main/c/share.c", "test/c/check_vectors.c",
    };

    @Test
    void engineIsCleanUnderAddressAndUndefinedBehaviourSanitizers() throws Exception {
        Path src = nativeSourceDir();
        Path out = Path.of("target", "native-sanitizer").toAbsolutePath();
        Files.createDirectories(out);
        Path exe = out.resolve("check_vectors_asan");
        Path vectors = out.resolve("vectors.txt");
        Files.write(vectors, vectorLines(), StandardCharsets.US_ASCII);

        List<String> cc = new ArrayList<>(List.of("gcc", "-std=c11", "-O1", "-g", "-fsanitize=address,undefined",
                "-fno-sanitize-recover=all", "-fno-omit-frame-pointer", "-Wall", "-Wextra", "-Werror",
                "-I" + src.resolve("main/c"), "-o", exe.toString()));
        for (String f : C_SOURCES) {
            cc.add(src.resolve(f).toString());
        }
        Result build = run(cc, out, 300);
        assertEquals(0, build.exit, "sanitizer build failed:\n" + build.stderr);

        Result r = run(List.of(exe.toString(), vectors.toString()), out, 300);
        assertEquals(0, r.exit, "check_vectors failed:\nstdout:\n" + r.stdout + "\nstderr:\n" + r.stderr);
        assertFalse(r.stderr.contains("AddressSanitizer") || r.stderr.contains("runtime error")
                || r.stderr.contains("LeakSanitizer"), "sanitizer report:\n" + r.stderr);
        assertTrue(r.stdout.contains("ok " + vectorCount() + " shares"), r.stdout);
    }

    private static int vectorCount() {
        return NativeShareVectorTest.vectors().size() + RANDOM_SHARES;
    }

    private static final int RANDOM_SHARES = 300;

    /** Lines for check_vectors.c: coinb1 coinb2 branches prevhash bits version ntime nonce en1 en2 txid root hash. */
    private static List<String> vectorLines() {
        List<String> lines = new ArrayList<>();
        ShareValidator java = new ShareValidator();
        ShareOutcome o = new ShareOutcome();
        for (NativeShareVectorTest.Vector v : NativeShareVectorTest.vectors()) {
            var e = v.json.get("expected");
            byte[] txid = Hex.reversed(Hex.decode(e.get("coinbase_txid_display").asText()));
            byte[] root = Hex.decode(e.get("merkle_root_internal_hex").asText());
            byte[] hash = Hex.reversed(Hex.decode(e.get("block_hash_display").asText()));
            lines.add(line(v.job, v.en1, v.en2, v.ntime, v.nonce, v.version, txid, root, hash));
        }
        RandomShares r = new RandomShares(4242L, 37);
        for (int i = 0; i < RANDOM_SHARES; i++) {
            ShareJob job = r.job();
            byte[] en1 = r.extranonce1();
            byte[] en2 = r.extranonce2();
            int t = r.nextInt();
            int n = r.nextInt();
            int ver = r.nextInt();
            java.validate(job, en1, en2, t, n, ver, o);
            lines.add(line(job, en1, en2, t, n, ver, o.coinbaseTxid(), o.merkleRoot(), o.hash()));
        }
        return lines;
    }

    private static String line(ShareJob job, byte[] en1, byte[] en2, int ntime, int nonce, int version,
            byte[] txid, byte[] root, byte[] hash) {
        StringBuilder branches = new StringBuilder();
        for (byte[] b : job.merkleBranch()) {
            branches.append(branches.length() == 0 ? "" : ",").append(Hex.encode(b));
        }
        return String.join(" ", hexOrDash(job.coinb1()), hexOrDash(job.coinb2()),
                branches.length() == 0 ? "-" : branches.toString(), Hex.encode(job.prevHash()),
                String.format("%08x", job.bits()), String.format("%08x", version), String.format("%08x", ntime),
                String.format("%08x", nonce), hexOrDash(en1), hexOrDash(en2), Hex.encode(txid), Hex.encode(root),
                Hex.encode(hash));
    }

    private static String hexOrDash(byte[] b) {
        return b.length == 0 ? "-" : Hex.encode(b);
    }

    /** native/src beside pow-core in the checkout (surefire runs in the module directory). */
    private static Path nativeSourceDir() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("..", "native", "src"));
        String root = System.getProperty("maven.multiModuleProjectDirectory");
        if (root != null) {
            candidates.add(Path.of(root, "native", "src"));
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("main/c/qsha.h"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("native C sources not found in " + candidates);
    }

    private static final class Result {
        final int exit;
        final String stdout;
        final String stderr;

        Result(int exit, String stdout, String stderr) {
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    private static Result run(List<String> cmd, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Path so = Files.createTempFile(dir, "out", ".txt");
        Path se = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(so.toFile()).redirectError(se.toFile());
        pb.environment().put("ASAN_OPTIONS", "halt_on_error=1:detect_leaks=1");
        pb.environment().put("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1");
        Process p = pb.start();  // IOException when gcc is missing: the test fails, as intended
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd);
        }
        Result r = new Result(p.exitValue(), Files.readString(so), Files.readString(se));
        Files.delete(so);
        Files.delete(se);
        return r;
    }
}
