package dev.quarry.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs {@code promtool check metrics} (Debian package "prometheus") on an exposition text. */
final class Promtool {
    private Promtool() {
    }

    /** Exit code and combined output of promtool for the given exposition. */
    static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exitCode, String output) {
    }
}
