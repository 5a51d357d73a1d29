package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * getblocktemplate → BlockTemplate on a real recording (testnet3 height 2442185, public-pool
 * MockRecording1.ts), cross-checked against the copy of the same template and the mining.notify
 * built from it in /testvectors/stratum_shares.json (vector public_pool_testnet_version_rolled).
 */
class GbtMapperTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void mapsTheRecordedTemplate() {
        BlockTemplate t = GbtMapper.map(RpcFixtures.recordedTemplate(), "node-a");
        assertEquals("node-a", t.source());
        assertEquals(2442185, t.height());
        assertEquals(0x20000000, t.version());
        assertEquals(0x192495f8, t.bits());
        assertEquals(1689514989L, t.curTime());
        assertEquals(1689512405L, t.minTime());
        assertEquals(2465717L, t.coinbaseValue());
        assertEquals(80000, t.sigopLimit());
        assertEquals(4000000, t.weightLimit());
        assertEquals("00000000000000022246451e9af7ac4f8bff2527d223f6e623740e92171592f29370", t.longPollId());
        // internal order = display order reversed
        assertEquals("f2921517920e7423e6f623d22725ff8b4facf79a1e4546220200000000000000", HEX.formatHex(t.previousBlockHash()));
        assertEquals("6a24aa21a9edbd3d1d916aa0b57326a2d88ebe1b68a1d7c48585f26d8335fe6a94b62755f64c",
                HEX.formatHex(t.defaultWitnessCommitment()));
        assertEquals(5, t.transactions().size());
        assertEquals(14300 + 9153 + 491 + 141 + 226, t.totalFees());
        TemplateTransaction first = t.transactions().get(0);
        assertEquals(14300, first.fee());
        assertEquals(1, first.sigops());
        assertEquals(569, first.weight());
        // txid and wtxid differ for a segwit transaction; "hash" is the wtxid
        assertEquals("175335649d5e8746982969ec88f52e85ac9917106fba5468e699c8879ab974a1", HEX.formatHex(first.txid()));
        assertEquals("36c5b6cca0678641617d639c21ac80ce7004767e0ef503996aab5de4b54d8f74", HEX.formatHex(first.wtxid()));
        TemplateTransaction legacy = t.transactions().get(1);
        assertArrayEquals(legacy.txid(), legacy.wtxid());
    }

    @Test
    void agreesWithTheSharedVectorOfTheSameTemplate() {
        JsonNode vector = sharedVector();
        JsonNode gbt = vector.get("getblocktemplate");
        BlockTemplate t = GbtMapper.map(RpcFixtures.recordedTemplate(), "node-a");
        assertEquals(gbt.get("height").asLong(), t.height());
        assertEquals(gbt.get("coinbasevalue").asLong(), t.coinbaseValue());
        assertEquals(reverseHex(gbt.get("previousblockhash").asText()), HEX.formatHex(t.previousBlockHash()));
        assertEquals(gbt.get("default_witness_commitment").asText(), HEX.formatHex(t.defaultWitnessCommitment()));
        for (int i = 0; i < t.transactions().size(); i++) {
            JsonNode tx = gbt.get("transactions").get(i);
            assertEquals(reverseHex(tx.get("txid").asText()), HEX.formatHex(t.transactions().get(i).txid()));
            assertEquals(reverseHex(tx.get("hash").asText()), HEX.formatHex(t.transactions().get(i).wtxid()));
        }
        // The first stratum merkle branch entry is the first transaction's txid in internal order:
        // proves the byte order we hand to the job builder is the one miners hash with.
        assertEquals(vector.get("notify").get("merkle_branch").get(0).asText(), HEX.formatHex(t.transactions().get(0).txid()));
        // and the notify's coinb2 carries exactly the commitment script we mapped
        assertTrue(vector.get("notify").get("coinb2").asText().contains(HEX.formatHex(t.defaultWitnessCommitment())));
    }

    @Test
    void transactionDataHashesToItsWtxid() throws Exception {
        // Independent check that "data" is mapped byte for byte: SHA-256d(data) is the wtxid.
        BlockTemplate t = GbtMapper.map(RpcFixtures.recordedTemplate(), "node-a");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (TemplateTransaction tx : t.transactions()) {
            assertArrayEquals(tx.wtxid(), sha.digest(sha.digest(tx.data())));
        }
    }

    @Test
    void templateWithoutWitnessCommitmentOrLongPoll() {
        ObjectNode gbt = RpcFixtures.recordedTemplate();
        gbt.remove("default_witness_commitment");
        gbt.remove("longpollid");
        BlockTemplate t = GbtMapper.map(gbt, "n");
        assertNull(t.defaultWitnessCommitment());
        assertNull(t.longPollId());
    }

    @Test
    void missingOrMalformedFieldsAreNamed() {
        assertMalformed(without("height"), "'height'");
        assertMalformed(without("curtime"), "'curtime'");
        assertMalformed(without("sigoplimit"), "'sigoplimit'");
        assertMalformed(with("bits", "2495f8"), "'bits'");
        assertMalformed(with("bits", "1924zzf8"), "'bits'");
        assertMalformed(with("previousblockhash", "00ff"), "'previousblockhash'");
        ObjectNode badTx = RpcFixtures.recordedTemplate();
        ((ObjectNode) badTx.get("transactions").get(2)).put("data", "0g");
        assertMalformed(badTx, "transaction 2");
        ObjectNode noFee = RpcFixtures.recordedTemplate();
        ((ObjectNode) noFee.get("transactions").get(0)).remove("fee");
        assertMalformed(noFee, "'fee'");
        assertThrows(MalformedRpcDataException.class, () -> GbtMapper.map(RpcFixtures.MAPPER.nullNode(), "n"));
    }

    static JsonNode sharedVector() {
        for (JsonNode v : RpcFixtures.resource("/testvectors/stratum_shares.json").get("vectors")) {
            if (v.get("name").asText().equals("public_pool_testnet_version_rolled")) return v;
        }
        throw new IllegalStateException("vector public_pool_testnet_version_rolled not found");
    }

    private static void assertMalformed(ObjectNode gbt, String mentioned) {
        MalformedRpcDataException e = assertThrows(MalformedRpcDataException.class, () -> GbtMapper.map(gbt, "node-a"));
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
        assertTrue(e.getMessage().contains("node-a"), e.getMessage());
    }

    private static ObjectNode without(String field) {
        ObjectNode gbt = RpcFixtures.recordedTemplate();
        gbt.remove(field);
        return gbt;
    }

    private static ObjectNode with(String field, String value) {
        ObjectNode gbt = RpcFixtures.recordedTemplate();
        gbt.put(field, value);
        return gbt;
    }

    private static String reverseHex(String displayHex) {
        byte[] b = HEX.parseHex(displayHex);
        return HEX.formatHex(RpcJson.reversed(b));
    }
}
