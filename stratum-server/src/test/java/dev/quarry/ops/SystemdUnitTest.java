package dev.quarry.ops;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/systemd/quarry.service is checked by systemd itself (installed by .ci/run). */
class SystemdUnitTest {

    @Test
    void unitFilePassesSystemdAnalyzeVerifyWithoutWarnings() throws Exception {
        Path unit = Path.of("..", "docs", "systemd", "quarry.service").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(unit), "missing " + unit);
        Process p = new ProcessBuilder("systemd-analyze", "verify", unit.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        // systemd only warns about unknown keys or bad values, with exit code 0: treat any output as a failure.
        assertEquals("", out.strip(), "systemd-analyze verify reported: " + out);
    }
}
