package dev.quarry.stratum.server;

import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.testkit.ContractAuthorizer;
import dev.quarry.stratum.testkit.SelfSignedCert;
import dev.quarry.stratum.testkit.ServerFixture;
import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.StratumTestClient;
import dev.quarry.stratum.testkit.TestWorkSource;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import dev.quarry.stratum.vardiff.VardiffConfig;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transports, several ports with their own difficulty, IPv4 + IPv6, TLS, PROXY protocol v1/v2. */
class TransportAndPortsTest {

    private static final ShareVector V = ShareVector.named("slush_docs_testnet3_block");

    private static double firstDifficulty(StratumTestClient c) throws IOException {
        c.handshake("slush.rig");
        return c.notification("mining.set_difficulty").get("params").get(0).asDouble();
    }

    @Test
    void severalPortsEachWithItsOwnDifficultyOnIpv4AndIpv6() throws Exception {
        PortConfig low = PortConfig.plain("low", List.of("127.0.0.1", "::1"), 0, DifficultyPolicy.fixed(0.5), 4);
        PortConfig high = PortConfig.plain("high", List.of("127.0.0.1"), 0,
                DifficultyPolicy.variable(65536, VardiffConfig.defaults(1024, 1e9)), 8);
        StratumServerConfig config = StratumServerConfig.of(List.of(low, high)).withIoThreads(2);
        try (ServerFixture f = new ServerFixture(config, new TestWorkSource(V.job()), new ContractAuthorizer(Set.of("slush")))) {
            List<InetSocketAddress> lowAddresses = f.server.boundAddresses("low");
            assertEquals(2, lowAddresses.size());
            assertEquals(lowAddresses.get(0).getPort(), lowAddresses.get(1).getPort(), "both families on the same port number");
            try (StratumTestClient v4 = StratumTestClient.connect(lowAddresses.get(0));
                 StratumTestClient v6 = StratumTestClient.connect(new InetSocketAddress("::1", lowAddresses.get(1).getPort()));
                 StratumTestClient h = StratumTestClient.connect(f.address("high"))) {
                assertEquals(0.5, firstDifficulty(v4));
                assertEquals(0.5, firstDifficulty(v6));
                assertTrue(v6.socket().getInetAddress().getAddress().length == 16, "connected over IPv6");
                h.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
                assertEquals(8, h.response(1).get("result").get(2).asInt(), "extranonce2 size is per port");
                h.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"slush.big\",\"x\"]}");
                h.response(2);
                assertEquals(65536, h.notification("mining.set_difficulty").get("params").get(0).asDouble());
            }
        }
    }

    @Test
    void bothWildcardsBindAsOneDualStackSocketAndRealConflictsFail() throws Exception {
        StratumServerConfig config = StratumServerConfig.of(List.of(PortConfig.plain("main", List.of("0.0.0.0", "::"), 0, DifficultyPolicy.fixed(1), 4)))
                .withIoThreads(1);
        try (ServerFixture f = new ServerFixture(config, new TestWorkSource(V.job()), new ContractAuthorizer(Set.of("slush")))) {
            int port = f.server.boundPort("main");
            try (StratumTestClient v4 = StratumTestClient.connect(new InetSocketAddress("127.0.0.1", port));
                 StratumTestClient v6 = StratumTestClient.connect(new InetSocketAddress("::1", port))) {
                assertEquals(1, firstDifficulty(v4));
                assertEquals(1, firstDifficulty(v6));
            }
            StratumServerConfig clash = StratumServerConfig.of(List.of(PortConfig.plain("again", List.of("127.0.0.1"), port, DifficultyPolicy.fixed(1), 4)))
                    .withIoThreads(1);
            assertThrows(IllegalStateException.class, () -> new ServerFixture(clash, new TestWorkSource(), new ContractAuthorizer(Set.of())));
        }
    }

    @Test
    void epollWhereAvailableAndNioOtherwise() throws Exception {
        StratumServerConfig base = StratumServerConfig.of(List.of(PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(1), 4)))
                .withIoThreads(1);
        try (ServerFixture f = new ServerFixture(base, new TestWorkSource(V.job()), new ContractAuthorizer(Set.of("slush")))) {
            assertEquals(Epoll.isAvailable() ? "epoll" : "nio", f.server.transportName());
        }
        try (ServerFixture f = new ServerFixture(base.withNativeTransport(false), new TestWorkSource(V.job()), new ContractAuthorizer(Set.of("slush")));
             StratumTestClient c = f.connect()) {
            assertEquals("nio", f.server.transportName());
            assertEquals(1, firstDifficulty(c));
        }
    }

    @Test
    void tlsPortServesStratumOverTls() throws Exception {
        SelfSignedCert cert = SelfSignedCert.generate();
        PortConfig ssl = PortConfig.plain("ssl", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(1), 4)
                .withTls(SslContextBuilder.forServer(cert.keys().getPrivate(), cert.certificate()).build());
        StratumServerConfig config = StratumServerConfig.of(List.of(ssl)).withIoThreads(1);
        try (ServerFixture f = new ServerFixture(config, new TestWorkSource(V.job()), new ContractAuthorizer(Set.of("slush")))) {
            f.extranonces.next(V.extranonce1());
            try (StratumTestClient c = StratumTestClient.connectTls(f.address("ssl"), cert.clientContext().getSocketFactory())) {
                assertEquals(1, firstDifficulty(c));
                c.notification("mining.notify");
                c.send(V.submitLine(5, "slush.rig"));
                assertTrue(c.response(5).get("result").asBoolean());
            }
            try (StratumTestClient plain = StratumTestClient.connect(f.address("ssl"))) {
                plain.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
                assertTrue(plain.closedByServer(3000), "plain text on the TLS port is closed");
            }
            assertEquals(1, f.awaitCounter(1, "quarry.stratum.disconnects", "reason", "tls_error"));
        }
    }

    private static ServerFixture proxied(List<String> trusted) throws InterruptedException {
        PortConfig port = PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(1), 4).withProxyProtocol(trusted);
        // One connection per client address: shows which address the server attributes a connection to.
        return ServerFixture.withPort(port, AbuseConfig.defaults().withConnectionLimits(1, 100, Duration.ofSeconds(10)), Set.of("slush"), V.job());
    }

    private static byte[] proxyV2(byte[] source, int sourcePort) {
        ByteBuffer b = ByteBuffer.allocate(16 + 12);
        b.put(new byte[]{0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
        b.put(source).put(new byte[]{127, 0, 0, 1}).putShort((short) sourcePort).putShort((short) 3333);
        return b.array();
    }

    @Test
    void proxyProtocolV1AndV2FromATrustedSenderSetTheClientAddress() throws Exception {
        try (ServerFixture f = proxied(List.of("127.0.0.1/32"));
             StratumTestClient a = f.connect(); StratumTestClient b = f.connect(); StratumTestClient a2 = f.connect();
             StratumTestClient direct = f.connect()) {
            a.sendRaw("PROXY TCP4 203.0.113.7 127.0.0.1 51000 3333\r\n".getBytes(StandardCharsets.US_ASCII));
            b.sendRaw(proxyV2(new byte[]{(byte) 198, 51, 100, 9}, 52000));
            for (StratumTestClient c : List.of(a, b)) {
                c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
                assertTrue(c.response(1).get("result").isArray());
            }
            // A second connection for 203.0.113.7 exceeds that address's limit of one, whichever socket it came over.
            a2.sendRaw("PROXY TCP4 203.0.113.7 127.0.0.1 51001 3333\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(a2.closedByServer(2000));
            // The trusted proxy host itself may also connect directly, as 127.0.0.1.
            direct.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            assertTrue(direct.response(1).get("result").isArray());
            assertEquals(1, f.counter("quarry.stratum.disconnects", "reason", "too_many_connections"));
        }
    }

    @Test
    void proxyHeaderFromAnUntrustedAddressIsJustABadLine() throws Exception {
        try (ServerFixture f = proxied(List.of("10.0.0.0/8")); StratumTestClient c = f.connect()) {
            c.sendRaw("PROXY TCP4 203.0.113.7 127.0.0.1 51000 3333\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(20, c.readJson().get("error").get(0).asInt());
            c.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
            assertTrue(c.response(1).get("result").isArray());
            // The connection counts as 127.0.0.1: a second one from there exceeds the limit of one.
            try (StratumTestClient second = f.connect()) {
                assertTrue(second.closedByServer(2000));
            }
            assertFalse(c.closedByServer(100));
        }
    }
}
