package dev.quarry.pow.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.sha.Sha256;
import dev.quarry.pow.vectors.TestVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** merkle.json: roots of real blocks, Stratum coinbase branches, and folding the coinbase txid up the branch. */
class MerkleVectorTest {

    private static List<JsonNode> vectors() {
        List<JsonNode> out = new ArrayList<>();
        TestVectors.load("merkle.json").get("vectors").forEach(out::add);
        return out;
    }

    private static List<byte[]> internalTxids(JsonNode v) {
        List<byte[]> txids = new ArrayList<>();
        v.get("txids_display").forEach(t -> txids.add(Hex.reversed(Hex.decode(t.asText()))));
        return txids;
    }

    private static List<String> hexList(byte[][] hashes) {
        List<String> out = new ArrayList<>();
        for (byte[] h : hashes) {
            out.add(Hex.encode(h));
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> rootsAndBranchesOfRealBlocks() {
        return vectors().stream().filter(v -> v.has("txids_display"))
                .map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> {
                    List<byte[]> txids = internalTxids(v);
                    assertEquals(v.get("tx_count").asInt(), txids.size());
                    byte[] root = Merkle.root(txids);
                    assertEquals(v.get("expected_merkle_root_display").asText(), Hex.encode(Hex.reversed(root)));
                    if (v.has("expected_merkle_root_internal_hex")) {
                        assertEquals(v.get("expected_merkle_root_internal_hex").asText(), Hex.encode(root));
                    }
                    byte[][] branch = Merkle.coinbaseBranch(txids.subList(1, txids.size()));
                    assertEquals(strings(v.get("stratum_merkle_branch")), hexList(branch));
                    assertEquals(Hex.encode(root), Hex.encode(Merkle.foldBranch(txids.get(0), branch)));
                    if (v.has("coinbase_tx_hex")) {
                        byte[] coinbaseTxid = Sha256.sha256d(Hex.decode(v.get("coinbase_tx_hex").asText()));
                        assertEquals(Hex.encode(txids.get(0)), Hex.encode(coinbaseTxid));
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> coinbaseFoldedUpTheGivenBranchGivesTheRoot() {
        return vectors().stream().filter(v -> v.has("coinbase_tx_nonwitness_hex"))
                .map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> {
                    byte[] txid = Sha256.sha256d(Hex.decode(v.get("coinbase_tx_nonwitness_hex").asText()));
                    assertEquals(v.get("coinbase_txid_display").asText(), Hex.encode(Hex.reversed(txid)));
                    byte[] wtxid = Sha256.sha256d(Hex.decode(v.get("coinbase_tx_with_witness_hex").asText()));
                    assertEquals(v.get("coinbase_wtxid_display").asText(), Hex.encode(Hex.reversed(wtxid)));
                    List<String> steps = strings(v.get("stratum_merkle_branch"));
                    byte[][] branch = new byte[steps.size()][];
                    for (int i = 0; i < branch.length; i++) {
                        branch[i] = Hex.decode(steps.get(i));
                    }
                    byte[] root = Merkle.foldBranch(txid, branch);
                    assertEquals(v.get("expected_merkle_root_display").asText(), Hex.encode(Hex.reversed(root)));
                    // Witness commitment = sha256d(witness root || reserved value), as in the coinbase OP_RETURN.
                    byte[] commitmentInput = new byte[64];
                    System.arraycopy(Hex.decode(v.get("witness_merkle_root_internal_hex").asText()), 0,
                            commitmentInput, 0, 32);
                    System.arraycopy(Hex.decode(v.get("witness_reserved_value_hex").asText()), 0,
                            commitmentInput, 32, 32);
                    assertEquals(v.get("expected_witness_commitment_hex").asText(),
                            Hex.encode(Sha256.sha256d(commitmentInput)));
                }));
    }
}
