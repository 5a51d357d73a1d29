package dev.quarry.ops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian package "haproxy", installed by .ci/run) in TCP mode on loopback, with two
 * frontends forwarding to one Quarry port: one adds a PROXY v1 header (send-proxy), the other a v2
 * header (send-proxy-v2). HAProxy connects to Quarry from {@link #SOURCE}, the one trusted proxy
 * address, so that miners (bound to other 127.x addresses) and the proxy are told apart.
 */
final class HaproxyProcess implements AutoCloseable {

    static final String SOURCE = "127.0.0.3";

    private final Process process;
    final int v1Port;
    final int v2Port;
    private final Path log;

    private HaproxyProcess(Process process, int v1Port, int v2Port, Path log) {
        this.process = process;
        this.v1Port = v1Port;
        this.v2Port = v2Port;
        this.log = log;
    }

    static HaproxyProcess start(Path dir, int quarryPort) throws IOException, InterruptedException {
        int v1 = ChildQuarry.freePort();
        int v2 = ChildQuarry.freePort();
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, String.join("\n",
                "global",
                "  maxconn 256",
                "defaults",
                "  mode tcp",
                "  timeout connect 5s",
                "  timeout client 60s",
                "  timeout server 60s",
                "frontend stratum_v1",
                "  bind 127.0.0.1:" + v1,
                "  default_backend quarry_v1",
                "backend quarry_v1",
                "  server quarry 127.0.0.1:" + quarryPort + " send-proxy source " + SOURCE,
                "frontend stratum_v2",
                "  bind 127.0.0.1:" + v2,
                "  default_backend quarry_v2",
                "backend quarry_v2",
                "  server quarry 127.0.0.1:" + quarryPort + " send-proxy-v2 source " + SOURCE,
                ""));
        Path log = dir.resolve("haproxy.log");
        // -db: stay in the foreground, so the test owns the process and stops it.
        Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        HaproxyProcess h = new HaproxyProcess(p, v1, v2, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("haproxy exited " + p.exitValue() + ": " + Files.readString(log));
            if (listening(v1) && listening(v2)) return h;
            Thread.sleep(100);
        }
        h.close();
        throw new IOException("haproxy did not listen within 20 s: " + Files.readString(log));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
