package dev.quarry.stratum.template.bitcoind;

import dev.quarry.pow.address.Network;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** getblockchaininfo / getblockheader mapping and config validation. */
class RpcRecordsTest {

    @Test
    void chainInfoGivesTheNetworkAndSyncState() {
        ChainInfo info = ChainInfo.fromRpc(RpcFixtures.chainInfo(), "a");
        assertEquals(Network.TESTNET, info.network());
        assertEquals("test", info.chainName());
        assertEquals(2442184, info.blocks());
        assertFalse(info.initialBlockDownload());
        assertEquals("f2921517920e7423e6f623d22725ff8b4facf79a1e4546220200000000000000",
                HexFormat.of().formatHex(info.bestBlockHash()));
        assertEquals(Network.MAINNET, ChainInfo.fromRpc(RpcFixtures.chainInfo("main", false), "a").network());
        assertEquals(Network.TESTNET, ChainInfo.fromRpc(RpcFixtures.chainInfo("testnet4", false), "a").network());
        assertEquals(Network.SIGNET, ChainInfo.fromRpc(RpcFixtures.chainInfo("signet", false), "a").network());
        assertEquals(Network.REGTEST, ChainInfo.fromRpc(RpcFixtures.chainInfo("regtest", true), "a").network());
        assertTrue(ChainInfo.fromRpc(RpcFixtures.chainInfo("regtest", true), "a").initialBlockDownload());
        MalformedRpcDataException e = assertThrows(MalformedRpcDataException.class,
                () -> ChainInfo.fromRpc(RpcFixtures.chainInfo("litecoin", false), "a"));
        assertTrue(e.getMessage().contains("litecoin"));
    }

    @Test
    void blockHeaderInfo() {
        BlockHeaderInfo h = BlockHeaderInfo.fromRpc(RpcFixtures.resource("/bitcoind/getblockheader_synthetic.json").get("result"), "a");
        assertEquals(3, h.confirmations());
        assertEquals(2442184, h.height());
        assertTrue(h.inBestChain());
        assertEquals("f2921517920e7423e6f623d22725ff8b4facf79a1e4546220200000000000000", HexFormat.of().formatHex(h.hash()));
        var orphan = (com.fasterxml.jackson.databind.node.ObjectNode) RpcFixtures.resource("/bitcoind/getblockheader_synthetic.json").get("result");
        orphan.put("confirmations", -1);
        orphan.remove("previousblockhash");
        BlockHeaderInfo o = BlockHeaderInfo.fromRpc(orphan, "a");
        assertFalse(o.inBestChain());
        assertNull(o.previousBlockHash());
    }

    @Test
    void configNeedsExactlyOneWayToAuthenticate() {
        URI url = URI.create("http://127.0.0.1:8332/");
        assertThrows(IllegalArgumentException.class, () -> new BitcoindConfig.NodeConfig("a", url, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new BitcoindConfig.NodeConfig("a", url, "u", null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new BitcoindConfig.NodeConfig("a", url, "u", "p", Path.of("/x/.cookie"), null));
        assertThrows(IllegalArgumentException.class,
                () -> BitcoindConfig.NodeConfig.withPassword("a", URI.create("ftp://x/"), "u", "p"));
        BitcoindConfig.NodeConfig node = BitcoindConfig.NodeConfig.withPassword("a", url, "u", "secret-pw");
        assertFalse(node.toString().contains("secret-pw"));
        assertThrows(IllegalArgumentException.class, () -> BitcoindConfig.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> BitcoindConfig.of(List.of(node, node)));
    }
}
