package dev.quarry.pow.nativeengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import dev.quarry.pow.target.Compact;
import dev.quarry.pow.target.Difficulty;
import dev.quarry.pow.target.Target256;
import dev.quarry.pow.vectors.TestVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * stratum_shares.json through the native path (one call per share, and all vectors in one
 * batch): the documented txid, merkle root, header, hash, difficulty and verdicts, and the
 * same bytes as the Java path.
 */
class NativeShareVectorTest {

    private static final JsonNode FILE = TestVectors.load("stratum_shares.json");

    /** One vector's job and submit, decoded the way the server decodes mining.notify/submit. */
    static final class Vector {
        final JsonNode json;
        final ShareJob job;
        final byte[] en1;
        final byte[] en2;
        final int ntime;
        final int nonce;
        final int version;

        Vector(JsonNode v) {
            json = v;
            JsonNode n = v.get("notify");
            JsonNode s = v.get("submit");
            List<byte[]> steps = new ArrayList<>();
            n.get("merkle_branch").forEach(x -> steps.add(Hex.decode(x.asText())));
            int jobVersion = StratumCodec.parseUint32(n.get("version").asText());
            job = new ShareJob(StratumCodec.prevHashFromStratum(n.get("prevhash").asText()),
                    Hex.decode(n.get("coinb1").asText()), Hex.decode(n.get("coinb2").asText()),
                    steps.toArray(new byte[0][]), jobVersion, StratumCodec.parseUint32(n.get("nbits").asText()));
            en1 = Hex.decode(v.get("subscribe").get("extranonce1").asText());
            en2 = Hex.decode(s.get("extranonce2").asText());
            ntime = StratumCodec.parseUint32(s.get("ntime").asText());
            nonce = StratumCodec.parseUint32(s.get("nonce").asText());
            int mask = v.has("configure") ? StratumCodec.parseUint32(v.get("configure").get("version_mask").asText()) : 0;
            version = s.has("version_bits") && !s.get("version_bits").isNull()
                    ? StratumCodec.rollVersion(jobVersion, StratumCodec.parseUint32(s.get("version_bits").asText()), mask)
                    : jobVersion;
        }

        String name() {
            return json.get("name").asText();
        }
    }

    static List<Vector> vectors() {
        List<Vector> out = new ArrayList<>();
        FILE.get("vectors").forEach(v -> out.add(new Vector(v)));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> eachVectorValidatesNativelyToTheDocumentedShare() {
        NativeShareValidator nat = NativeTestSupport.validator();
        return vectors().stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
            ShareOutcome out = new ShareOutcome();
            // a different share first: the second call must overwrite everything, difficulty included
            nat.validate(v.job, v.en1, v.en2, v.ntime ^ 1, v.nonce ^ 0x5555, v.version, out);
            double stale = out.achievedDifficulty();
            nat.validate(v.job, v.en1, v.en2, v.ntime, v.nonce, v.version, out);
            assertTrue(stale != out.achievedDifficulty());
            assertDocumented(v, out);
        }));
    }

    @Test
    void allVectorsInOneBatchMatchTheDocumentedSharesAndTheJavaPath() {
        NativeShareValidator nat = NativeTestSupport.validator();
        ShareValidator java = new ShareValidator();
        List<Vector> vs = vectors();
        // repeat the vectors so the batch is longer than one 16-lane group and ends in a remainder
        int n = vs.size() * 7;
        NativeShareBatch batch = new NativeShareBatch(n);
        ShareOutcome[] outs = new ShareOutcome[n];
        for (int i = 0; i < n; i++) {
            Vector v = vs.get(i % vs.size());
            outs[i] = new ShareOutcome();
            batch.add(v.job, v.en1, v.en2, v.ntime, v.nonce, v.version, outs[i]);
        }
        nat.validateBatch(batch);
        for (int i = 0; i < n; i++) {
            Vector v = vs.get(i % vs.size());
            assertDocumented(v, outs[i]);
            ShareOutcome ref = new ShareOutcome();
            java.validate(v.job, v.en1, v.en2, v.ntime, v.nonce, v.version, ref);
            NativeJavaEqualityTest.assertSame(ref, outs[i], i, "vector batch");
        }
    }

    @Test
    void headerOnlyVectorsHashNatively() {
        NativeShareValidator nat = NativeTestSupport.validator();
        int checked = 0;
        for (JsonNode h : FILE.get("header_only_vectors")) {
            byte[] header = Hex.decode(h.get("expected").get("header_hex").asText());
            byte[] padded = new byte[header.length + 7];
            System.arraycopy(header, 0, padded, 7, header.length);
            byte[] out = new byte[40];
            nat.sha256dHeader(padded, 7, out, 3);
            byte[] hash = java.util.Arrays.copyOfRange(out, 3, 35);
            assertEquals(h.get("expected").get("block_hash_display").asText(), Hex.encode(Hex.reversed(hash)));

            java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(130);
            direct.put(5, header, 0, 80);
            nat.sha256dHeader(direct, 5, 97);
            byte[] directHash = new byte[32];
            direct.get(97, directHash);
            assertEquals(Hex.encode(hash), Hex.encode(directHash));
            checked++;
        }
        assertTrue(checked > 0);
    }

    @Test
    void headerHashRejectsBadOffsetsWithATypedError() {
        NativeShareValidator nat = NativeTestSupport.validator();
        byte[] h = new byte[80];
        byte[] o = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> nat.sha256dHeader(h, 1, o, 0));
        assertThrows(IllegalArgumentException.class, () -> nat.sha256dHeader(h, 0, o, 1));
        assertThrows(IllegalArgumentException.class, () -> nat.sha256dHeader(h, -1, o, 0));
        assertThrows(IllegalArgumentException.class, () -> nat.sha256dHeader(java.nio.ByteBuffer.allocate(112), 0, 80));
        assertThrows(IllegalArgumentException.class,
                () -> nat.sha256dHeader(java.nio.ByteBuffer.allocateDirect(111), 0, 80));
    }

    private static void assertDocumented(Vector v, ShareOutcome out) {
        JsonNode e = v.json.get("expected");
        String name = v.name();
        assertEquals(e.get("coinbase_txid_display").asText(), Hex.encode(Hex.reversed(out.coinbaseTxid())), name);
        assertEquals(e.get("merkle_root_internal_hex").asText(), Hex.encode(out.merkleRoot()), name);
        assertEquals(e.get("header_hex").asText(), Hex.encode(out.header()), name);
        assertEquals(e.get("block_hash_display").asText(), Hex.encode(Hex.reversed(out.hash())), name);
        double want = e.get("share_difficulty").asDouble();
        assertTrue(Math.abs(want - out.achievedDifficulty()) <= Math.abs(want) * 1e-12,
                name + ": difficulty " + out.achievedDifficulty() + " vs " + want);
        Target256 pool = Target256.of(Difficulty.shareTarget(v.json.get("pool_difficulty").asDouble()));
        assertEquals(e.get("meets_pool_difficulty").asBoolean(), out.meets(pool), name);
        if (e.has("meets_network_target")) {
            Target256 network = Target256.of(Compact.toTarget(v.job.bits()));
            assertEquals(e.get("meets_network_target").asBoolean(), out.meets(network), name);
        }
    }
}
