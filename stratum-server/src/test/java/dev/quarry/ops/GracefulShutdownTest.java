package dev.quarry.ops;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to a running Quarry (child JVM, embedded defaults): a connected, authorized miner and a
 * miner that has subscribed but not yet authorized are both told client.reconnect before their
 * connections close, and the process exits 0 within 30 s.
 */
@Tag("slow")
class GracefulShutdownTest {

    @TempDir
    Path dir;

    @Test
    void sigtermTellsMinersToReconnectAndExitsZero() throws Exception {
        int stratumPort = ChildQuarry.freePort();
        try (ChildQuarry q = ChildQuarry.start(dir.resolve("data"), ChildQuarry.freePort(), Map.of(),
                "--stratum-port", Integer.toString(stratumPort))) {
            q.awaitReady(Duration.ofSeconds(60));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), stratumPort);
                 Socket pending = new Socket(InetAddress.getLoopbackAddress(), stratumPort)) {
                // A second miner only subscribes (it would authorize next): it must be told to reconnect too.
                pending.setSoTimeout(30_000);
                BufferedReader pendingIn = new BufferedReader(new InputStreamReader(pending.getInputStream(), StandardCharsets.UTF_8));
                pending.getOutputStream().write("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"shutdown-test/2\"]}\n"
                        .getBytes(StandardCharsets.UTF_8));
                pending.getOutputStream().flush();
                String subscribed = pendingIn.readLine();
                assertTrue(subscribed != null && subscribed.contains("\"id\":1") && subscribed.contains("\"result\""),
                        "second miner subscribed: " + subscribed);

                s.setSoTimeout(30_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                out.write("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"shutdown-test/1\"]}\n"
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                String first = in.readLine();
                assertTrue(first != null && first.contains("\"id\":1") && first.contains("\"result\""),
                        "subscribe answered: " + first);
                // the first miner authorizes and receives jobs
                out.write("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"demo.rig1\",\"x\"]}\n"
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line;
                while ((line = in.readLine()) != null && !line.contains("\"id\":2")) {
                    // set_difficulty / notify may come first
                }
                assertTrue(line != null && line.contains("true"), "authorize accepted: " + line);

                q.process.destroy(); // SIGTERM
                List<String> after = readUntilClosed(in);
                assertTrue(after.stream().anyMatch(l -> l.contains("\"client.reconnect\"")),
                        "client.reconnect sent before close; got " + after + "\n" + q.output());
                List<String> pendingAfter = readUntilClosed(pendingIn);
                assertTrue(pendingAfter.stream().anyMatch(l -> l.contains("\"client.reconnect\"")),
                        "client.reconnect sent to the subscribed but unauthorized miner; got " + pendingAfter + "\n" + q.output());
            }
            assertTrue(q.awaitExit(Duration.ofSeconds(30)), "exited within 30 s of SIGTERM:\n" + q.output());
            assertEquals(0, q.process.exitValue(), "graceful exit code:\n" + q.output());
        }
    }

    /** Every line until the server closes the connection (a reset after close still keeps the lines read). */
    private static List<String> readUntilClosed(BufferedReader in) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        try {
            for (String l; (l = in.readLine()) != null; ) lines.add(l);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection not closed within 30 s; got " + lines);
        } catch (java.net.SocketException e) {
            // reset after close: lines read so far still count
        }
        return lines;
    }
}
