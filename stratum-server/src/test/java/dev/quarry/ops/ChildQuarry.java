package dev.quarry.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Quarry started as a child JVM ({@code dev.quarry.cli.QuarryMain}) with stdout and stderr captured together. */
final class ChildQuarry implements AutoCloseable {
    final Process process;
    final int httpPort;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread pump;

    private ChildQuarry(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.pump = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (output) {
                        output.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "child-quarry-output");
        pump.setDaemon(true);
        pump.start();
    }

    static ChildQuarry start(Path dataDir, int httpPort, Map<String, String> env, String... extraArgs)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.quarry.cli.QuarryMain");
        cmd.add("--data-dir");
        cmd.add(dataDir.toString());
        cmd.add("--http-port");
        cmd.add(Integer.toString(httpPort));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARRY_"));
        pb.environment().put("QUARRY_STRATUM_BIND", "127.0.0.1");
        pb.environment().put("QUARRY_HTTP_BIND", "127.0.0.1");
        pb.environment().put("QUARRY_STRATUM_STATIC_PORT", "0");
        pb.environment().putAll(env);
        return new ChildQuarry(pb.start(), httpPort);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Polls /health/ready until it answers 200; fails if the process dies or the deadline passes. */
    void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("quarry exited with " + process.exitValue() + " before ready:\n" + output());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("quarry not ready within " + timeout + ":\n" + output());
    }

    /** Waits for the exit, then for the output pump to drain. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (exited) pump.join(5_000);
        return exited;
    }

    String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
