package dev.quarry.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.app.QuarryPool;
import dev.quarry.config.ConfigKey;
import dev.quarry.stratum.testkit.StratumTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quarry behind a real HAProxy that adds PROXY protocol v1 and v2 headers: with stratum.proxy-protocol
 * on and HAProxy's address trusted, Quarry attributes each session to the miner's own address (the
 * miners connect from 127.0.0.2 and 127.0.0.4, HAProxy from 127.0.0.3), and shares are accepted
 * through the proxy. A malformed header from the trusted proxy closes that connection cleanly
 * (counted, no unexpected exception) while others go on; a PROXY line from an untrusted address, or
 * with the key off, is just a bad Stratum line.
 */
@Tag("slow")
class ProxyProtocolBehindHaproxyTest {

    @TempDir
    Path dir;

    private static StratumTestClient from(String localAddress, int port) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), StratumTestClient.TIMEOUT_MS);
        return new StratumTestClient(s);
    }

    private static Set<String> seen(QuarryPool pool) {
        Set<String> out = new HashSet<>();
        for (InetAddress a : pool.stratum().subscribedClientAddresses()) out.add(a.getHostAddress());
        return out;
    }

    @Test
    void minersBehindHaproxyAreSeenWithTheirOwnAddressesOverV1AndV2() throws Exception {
        try (QuarryPool pool = TestPools.start(dir.resolve("data"), Map.of(
                ConfigKey.STRATUM_PROXY_PROTOCOL, "true",
                ConfigKey.STRATUM_TRUSTED_PROXIES, HaproxyProcess.SOURCE + "/32"));
             HaproxyProcess haproxy = HaproxyProcess.start(dir, pool.stratum().boundPort("main"));
             StratumTestClient viaV1 = from("127.0.0.2", haproxy.v1Port);
             StratumTestClient viaV2 = from("127.0.0.4", haproxy.v2Port)) {
            TestPools.Mining m1 = TestPools.handshake(viaV1, "demo.behind-v1");
            TestPools.Mining m2 = TestPools.handshake(viaV2, "demo.behind-v2");
            assertEquals(Set.of("127.0.0.2", "127.0.0.4"), seen(pool), "sessions carry the miners' addresses, not HAProxy's");
            assertTrue(TestPools.submitOne(viaV1, m1, 10).get("result").asBoolean());
            assertTrue(TestPools.submitOne(viaV2, m2, 10).get("result").asBoolean());

            // An untrusted host (127.0.0.1) cannot claim another address: its PROXY line is a bad Stratum line.
            try (StratumTestClient direct = from("127.0.0.1", pool.stratum().boundPort("main"))) {
                direct.sendRaw("PROXY TCP4 203.0.113.7 127.0.0.1 51000 3333\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(20, direct.readJson().get("error").get(0).asInt());
                direct.handshake("demo.direct");
                assertEquals(Set.of("127.0.0.2", "127.0.0.4", "127.0.0.1"), seen(pool));
            }
            String before = TestPools.scrape(pool);
            double unexpected = Exposition.value(before, "quarry_stratum_protocol_errors_total", Map.of("kind", "unexpected_exception"));

            // Malformed headers from the trusted proxy's address: v1 with a bad address, v2 with a bad version.
            try (StratumTestClient badV1 = from(HaproxyProcess.SOURCE, pool.stratum().boundPort("main"));
                 StratumTestClient badV2 = from(HaproxyProcess.SOURCE, pool.stratum().boundPort("main"))) {
                badV1.sendRaw("PROXY TCP4 999.0.113.7 127.0.0.1 51000 3333\r\n".getBytes(StandardCharsets.US_ASCII));
                badV2.sendRaw(v2WithVersion(0x31));
                assertTrue(badV1.closedByServer(5000), "bad v1 header closes the connection");
                assertTrue(badV2.closedByServer(5000), "bad v2 header closes the connection");
            }
            String after = TestPools.scrape(pool);
            assertEquals(2.0, Exposition.value(after, "quarry_stratum_protocol_errors_total", Map.of("kind", "bad_proxy_header")), after);
            assertEquals(2.0, Exposition.value(after, "quarry_stratum_disconnects_total", Map.of("reason", "bad_proxy_header")));
            assertEquals(unexpected, Exposition.value(after, "quarry_stratum_protocol_errors_total", Map.of("kind", "unexpected_exception")),
                    "handled as bad input, not as an unexpected exception");
            // The miners behind the proxy were not disturbed.
            JsonNode again = TestPools.submitOne(viaV1, m1, 11);
            assertTrue(again.get("result").asBoolean(), again.toString());
            assertTrue(seen(pool).containsAll(List.of("127.0.0.2", "127.0.0.4")));
        }
    }

    @Test
    void withTheKeyOffAProxyHeaderIsAProtocolErrorEvenFromTheProxyAddress() throws Exception {
        try (QuarryPool pool = TestPools.start(dir.resolve("data"), Map.of());
             StratumTestClient c = from(HaproxyProcess.SOURCE, pool.stratum().boundPort("main"))) {
            c.sendRaw("PROXY TCP4 203.0.113.7 127.0.0.1 51000 3333\r\n".getBytes(StandardCharsets.US_ASCII));
            JsonNode error = c.readJson();
            assertEquals(20, error.get("error").get(0).asInt(), "answered as a bad line: " + error);
            c.handshake("demo.off");
            assertEquals(Set.of(HaproxyProcess.SOURCE), seen(pool), "the header was not believed");
        }
    }

    /** A PROXY v2 header (TCP4, 203.0.113.9:52000) with the given version/command byte (0x21 is valid v2 PROXY). */
    private static byte[] v2WithVersion(int versionCommand) {
        ByteBuffer b = ByteBuffer.allocate(16 + 12);
        b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) versionCommand).put((byte) 0x11).putShort((short) 12);
        b.put(new byte[] {(byte) 203, 0, 113, 9}).put(new byte[] {127, 0, 0, 1}).putShort((short) 52000).putShort((short) 3333);
        return b.array();
    }
}
