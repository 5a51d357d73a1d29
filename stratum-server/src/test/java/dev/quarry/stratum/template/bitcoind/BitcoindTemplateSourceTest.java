package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.quarry.pow.address.Network;
import dev.quarry.stratum.template.BlockTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bitcoind template source against local fake nodes ({@link FakeBitcoind}) answering with the
 * recorded testnet3 getblocktemplate. Every wait is on an event (a template delivered, a call the
 * fake received), bounded by {@link #WAIT}; timeouts in the config are short so the suite stays fast.
 */
class BitcoindTemplateSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String USER = "quarry";
    private static final String PASSWORD = "test-only-password";

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final BlockingQueue<BlockTemplate> delivered = new LinkedBlockingQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    }

    // ---- fixtures ---------------------------------------------------------------------------------

    private FakeBitcoind node(String name, JsonNode template) {
        FakeBitcoind f = new FakeBitcoind(name, USER + ":" + PASSWORD, RpcFixtures.chainInfo(), template);
        toClose.add(f);
        return f;
    }

    private static BitcoindConfig.NodeConfig nodeConfig(FakeBitcoind f) {
        return BitcoindConfig.NodeConfig.withPassword(f.name, f.url(), USER, PASSWORD);
    }

    /** Short timeouts; no periodic refresh unless a test asks for it; two good probes to recover. */
    private static BitcoindConfig config(List<BitcoindConfig.NodeConfig> nodes, Duration refresh) {
        return new BitcoindConfig(nodes, Duration.ofMillis(400), Duration.ofSeconds(30), refresh,
                Duration.ofMillis(100), Duration.ofMillis(50), 2);
    }

    private BitcoindTemplateSource started(BitcoindConfig config) {
        BitcoindTemplateSource source = new BitcoindTemplateSource(config);
        toClose.add(source);
        source.start(delivered::add);
        return source;
    }

    private BitcoindTemplateSource started(FakeBitcoind... nodes) {
        List<BitcoindConfig.NodeConfig> list = new ArrayList<>();
        for (FakeBitcoind n : nodes) list.add(nodeConfig(n));
        return started(config(list, Duration.ofHours(1)));
    }

    private BlockTemplate next() throws InterruptedException {
        BlockTemplate t = delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(t, "no template delivered within " + WAIT);
        return t;
    }

    private static void assertWork(JsonNode expectedGbt, String source, BlockTemplate actual) {
        BlockTemplate expected = GbtMapper.map(expectedGbt, source);
        assertEquals(source, actual.source());
        assertTrue(BitcoindTemplateSource.sameWork(expected, actual), "unexpected template from " + actual.source());
        assertEquals(expected.longPollId(), actual.longPollId());
    }

    // ---- start-up ---------------------------------------------------------------------------------

    @Test
    void firstTemplateComesFromTheRecordedGetBlockTemplate() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        BitcoindTemplateSource source = started(a);

        BlockTemplate t = next();
        assertWork(RpcFixtures.recordedTemplate(), "a", t);
        assertEquals(2465717L, t.coinbaseValue());
        assertEquals(t, source.current());
        assertEquals(Network.TESTNET, source.network());
        FakeBitcoind.Call gbt = a.awaitCall("getblocktemplate", Duration.ZERO.plus(WAIT));
        assertEquals("segwit", gbt.params().get(0).get("rules").get(0).asText());
        assertEquals(0, source.activeNode());
    }

    @Test
    void waitsWhileTheNodeIsInInitialBlockDownload() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        a.chainInfo = RpcFixtures.chainInfo("test", true);
        BitcoindTemplateSource source = started(a);

        for (int i = 0; i < 3; i++) a.awaitCall("getblockchaininfo", WAIT); // three probes answered "syncing"
        assertTrue(a.drainCalls().stream().noneMatch(c -> c.method().equals("getblocktemplate")));
        assertNull(source.current());
        assertEquals(-1, source.activeNode());
        IOException e = assertThrows(IOException.class, source::fetchChainInfo);
        assertTrue(e.getMessage().contains("initial block download"), e.getMessage());

        a.chainInfo = RpcFixtures.chainInfo("test", false); // sync finished
        assertWork(RpcFixtures.recordedTemplate(), "a", next());
        assertEquals(Network.TESTNET, source.fetchChainInfo().network());
    }

    @Test
    void cookieFileIsReadAgainWhenBitcoindRestartsWithANewOne(@TempDir Path dir) throws Exception {
        Path cookie = dir.resolve(".cookie");
        Files.writeString(cookie, "__cookie__:0f1e2d3c4b5a", StandardCharsets.UTF_8);
        FakeBitcoind a = new FakeBitcoind("a", "__cookie__:0f1e2d3c4b5a", RpcFixtures.chainInfo(), RpcFixtures.recordedTemplate());
        toClose.add(a);
        BitcoindTemplateSource source = started(config(List.of(
                BitcoindConfig.NodeConfig.withCookie("a", a.url(), cookie)), Duration.ofHours(1)));
        assertWork(RpcFixtures.recordedTemplate(), "a", next());

        a.expectedUserPass = "__cookie__:aa99bb88"; // bitcoind restarted: new cookie
        Files.writeString(cookie, "__cookie__:aa99bb88", StandardCharsets.UTF_8);
        a.submitResult = com.fasterxml.jackson.databind.node.NullNode.getInstance();
        assertNull(source.submitBlock(new byte[] {1, 2, 3}));
    }

    // ---- new work: long-poll, ZMQ, periodic refresh ------------------------------------------------

    @Test
    void longPollReturnsTheNextBlocksTemplate() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        started(a);
        BlockTemplate first = next();

        String lpid = a.longPolls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(first.longPollId(), lpid, "long-poll must carry the template's longpollid");
        a.template = RpcFixtures.nextBlockTemplate();
        a.releaseLongPoll(RpcFixtures.nextBlockTemplate()); // the node answers the held request: new block

        BlockTemplate second = next();
        assertWork(RpcFixtures.nextBlockTemplate(), "a", second);
        assertEquals(2442186, second.height());
        assertEquals(RpcFixtures.nextBlockTemplate().get("longpollid").asText(),
                a.longPolls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "next long-poll uses the new id");
    }

    @Test
    void zmqHashBlockTriggersAnImmediateRefresh() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket pub = ctx.createSocket(SocketType.XPUB); // XPUB: we see the subscription arrive
            int port = pub.bindToRandomPort("tcp://127.0.0.1");
            BitcoindTemplateSource source = started(config(List.of(nodeConfig(a).withZmqHashBlock("tcp://127.0.0.1:" + port)),
                    Duration.ofHours(1)));
            assertWork(RpcFixtures.recordedTemplate(), "a", next());
            pub.setReceiveTimeOut((int) WAIT.toMillis());
            byte[] subscription = pub.recv(0);
            assertNotNull(subscription, "SUB never subscribed");
            assertEquals("\u0001hashblock", new String(subscription, StandardCharsets.US_ASCII));

            a.template = RpcFixtures.nextBlockTemplate(); // long-polls stay held: only ZMQ can tell us
            byte[] hashDisplay = HexFormat.of().parseHex(RpcFixtures.NEXT_PREV_HASH);
            pub.sendMore("hashblock");
            pub.sendMore(hashDisplay);
            pub.send(new byte[] {1, 0, 0, 0});

            BlockTemplate t = next();
            assertWork(RpcFixtures.nextBlockTemplate(), "a", t);
            assertArrayEquals(RpcJson.reversed(hashDisplay), t.previousBlockHash());
            assertNotNull(source.current());
        }
    }

    @Test
    void periodicRefreshPicksUpNewTransactions() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.otherNodeTemplate());
        started(config(List.of(nodeConfig(a)), Duration.ofMillis(150)));
        assertEquals(4, next().transactions().size());
        a.template = RpcFixtures.recordedTemplate(); // a fifth transaction entered the mempool; no long-poll answer
        BlockTemplate t = next();
        assertEquals(5, t.transactions().size());
        assertWork(RpcFixtures.recordedTemplate(), "a", t);
    }

    @Test
    void unchangedWorkIsNotDeliveredAgain() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        started(config(List.of(nodeConfig(a)), Duration.ofMillis(100)));
        next();
        for (int i = 0; i < 3; i++) a.awaitCall("getblocktemplate", WAIT); // three more refreshes of the same work
        assertTrue(delivered.isEmpty(), "identical template must not produce new jobs");
    }

    // ---- failures and failover ---------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = FakeBitcoind.Fault.class, names = {"UNAUTHORIZED", "HTTP_503_TEXT", "HANG", "DROP_CONNECTION"})
    void failsOverToTheBackupAndSwitchesBackWhenThePreferredNodeRecovers(FakeBitcoind.Fault fault) throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        FakeBitcoind b = node("b", RpcFixtures.otherNodeTemplate());
        BitcoindTemplateSource source = started(a, b);
        BlockTemplate first = next();
        assertEquals("a", first.source());

        a.fault = fault;
        BlockTemplate fromB = next();
        assertWork(RpcFixtures.otherNodeTemplate(), "b", fromB);
        assertEquals(1, source.activeNode());
        assertEquals(fromB, source.current());

        a.fault = FakeBitcoind.Fault.NONE;
        BlockTemplate back = next();
        assertWork(RpcFixtures.recordedTemplate(), "a", back);
        assertEquals(0, source.activeNode());
    }

    @Test
    void nodeThatDiesDuringALongPollIsLeftAndRejoinedWhenItComesBack() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        FakeBitcoind b = node("b", RpcFixtures.otherNodeTemplate());
        BitcoindTemplateSource source = started(a, b);
        assertEquals("a", next().source());
        assertNotNull(a.longPolls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "long-poll held by a");

        int port = a.port();
        a.stop(); // killed: the held long-poll's connection is closed, the port refuses
        assertWork(RpcFixtures.otherNodeTemplate(), "b", next());
        assertEquals(1, source.activeNode());
        assertNotNull(b.longPolls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "long-poll moves to b");

        FakeBitcoind aAgain = new FakeBitcoind("a", USER + ":" + PASSWORD, RpcFixtures.chainInfo(),
                RpcFixtures.recordedTemplate(), port); // restarted on the same port
        toClose.add(aAgain);
        assertWork(RpcFixtures.recordedTemplate(), "a", next());
        assertEquals(0, source.activeNode());
    }

    @Test
    void rpcErrorFromGetBlockTemplateKeepsTheNodeOutOfServiceUntilItWorks() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        ObjectNode error = RpcFixtures.MAPPER.createObjectNode().put("code", -9).put("message", "Bitcoin Core is not connected!");
        a.rpcErrors.put("getblocktemplate", error);
        BitcoindTemplateSource source = started(a);
        a.awaitCall("getblocktemplate", WAIT);
        a.awaitCall("getblocktemplate", WAIT); // tried again after the node answered health probes
        assertNull(source.current());
        assertTrue(delivered.isEmpty());

        a.rpcErrors.remove("getblocktemplate"); // peers connected
        assertWork(RpcFixtures.recordedTemplate(), "a", next());
    }

    @Test
    void nodeOnAnotherChainIsNeverUsed() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        FakeBitcoind b = node("b", RpcFixtures.otherNodeTemplate());
        b.chainInfo = RpcFixtures.chainInfo("main", false);
        BitcoindTemplateSource source = started(a, b);
        assertEquals("a", next().source());
        a.fault = FakeBitcoind.Fault.HTTP_503_TEXT;
        for (int i = 0; i < 3; i++) b.awaitCall("getblockchaininfo", WAIT);
        assertEquals(-1, source.activeNode(), "a mainnet node must not replace a testnet one");
        assertTrue(b.drainCalls().stream().noneMatch(c -> c.method().equals("getblocktemplate")));
        assertTrue(delivered.isEmpty());
    }

    // ---- blocks ------------------------------------------------------------------------------------

    @Test
    void submitBlockSendsHexToEveryHealthyNodeAndReportsAcceptance() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        FakeBitcoind b = node("b", RpcFixtures.recordedTemplate());
        BitcoindTemplateSource source = started(a, b);
        next();
        awaitBothUp(source, a, b);
        a.submitResult = TextNode.valueOf("duplicate"); // a already had it from b through the p2p network
        byte[] block = HexFormat.of().parseHex("0000002001020304");

        assertNull(source.submitBlock(block));
        assertEquals("0000002001020304", a.awaitCall("submitblock", WAIT).params().get(0).asText());
        assertEquals("0000002001020304", b.awaitCall("submitblock", WAIT).params().get(0).asText());
    }

    @Test
    void submitBlockReturnsTheRejectionReason() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        BitcoindTemplateSource source = started(a);
        next();
        a.submitResult = TextNode.valueOf("high-hash");
        assertEquals("high-hash", source.submitBlock(new byte[] {0}));
        a.rpcErrors.put("submitblock", RpcFixtures.MAPPER.createObjectNode().put("code", -22).put("message", "Block decode failed"));
        assertEquals("Block decode failed", source.submitBlock(new byte[] {0}));
    }

    @Test
    void submitBlockThrowsWhenNoNodeCanBeReached() throws Exception {
        BitcoindConfig config = config(List.of(
                BitcoindConfig.NodeConfig.withPassword("a", URI.create("http://127.0.0.1:" + closedPort() + "/"), USER, PASSWORD),
                BitcoindConfig.NodeConfig.withPassword("b", URI.create("http://127.0.0.1:" + closedPort() + "/"), USER, PASSWORD)),
                Duration.ofHours(1));
        BitcoindTemplateSource source = new BitcoindTemplateSource(config);
        toClose.add(source);
        IOException e = assertThrows(IOException.class, () -> source.submitBlock(new byte[] {0}));
        assertTrue(e.getMessage().contains("no bitcoind node could be reached"), e.getMessage());
        assertThrows(IOException.class, () -> source.getBlockHeader(new byte[32]));
        assertThrows(IOException.class, source::fetchChainInfo);
    }

    @Test
    void submitBlockReachesABackupWhenThePrimaryDied() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        FakeBitcoind b = node("b", RpcFixtures.recordedTemplate());
        BitcoindTemplateSource source = started(a, b);
        next();
        awaitBothUp(source, a, b);
        a.stop();
        assertNull(source.submitBlock(new byte[] {7}));
        assertEquals("07", b.awaitCall("submitblock", WAIT).params().get(0).asText());
    }

    @Test
    void blockHeaderGivesConfirmationsOrNullForAnUnknownBlock() throws Exception {
        FakeBitcoind a = node("a", RpcFixtures.recordedTemplate());
        BitcoindTemplateSource source = started(a);
        next();
        byte[] hash = RpcJson.reversed(HexFormat.of().parseHex("00000000000000022246451e9af7ac4f8bff2527d223f6e623740e92171592f2"));
        assertNull(source.getBlockHeader(hash));
        a.blockHeader = RpcFixtures.resource("/bitcoind/getblockheader_synthetic.json").get("result");
        BlockHeaderInfo h = source.getBlockHeader(hash);
        assertEquals(3, h.confirmations());
        FakeBitcoind.Call call = a.awaitCall("getblockheader", WAIT);
        assertEquals("00000000000000022246451e9af7ac4f8bff2527d223f6e623740e92171592f2", call.params().get(0).asText());
    }

    /** Both nodes have answered a probe since start (a is active once the first template came). */
    private static void awaitBothUp(BitcoindTemplateSource source, FakeBitcoind a, FakeBitcoind b) throws InterruptedException {
        a.awaitCall("getblockchaininfo", WAIT);
        b.awaitCall("getblockchaininfo", WAIT);
        b.awaitCall("getblockchaininfo", WAIT); // a full probe round after b's first answer has been recorded
        assertEquals(0, source.activeNode());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
