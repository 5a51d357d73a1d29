package dev.quarry.pow.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.header.BlockHeader;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.sha.Sha256;
import dev.quarry.pow.sha.Sha256Engines;
import dev.quarry.pow.target.Compact;
import dev.quarry.pow.target.Difficulty;
import dev.quarry.pow.target.Target256;
import dev.quarry.pow.vectors.TestVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * stratum_shares.json: each job + submit pair goes through the share validator (on every engine) and must give
 * the documented coinbase, merkle root, header, hash and difficulty; the byte-order mistakes must fail.
 */
class StratumShareVectorTest {
    private static final JsonNode FILE = TestVectors.load("stratum_shares.json");

    static List<JsonNode> shareVectors() {
        List<JsonNode> out = new ArrayList<>();
        FILE.get("vectors").forEach(out::add);
        return out;
    }

    /** The job of a vector as the server would build it from its own mining.notify fields. */
    static ShareJob job(JsonNode v) {
        JsonNode n = v.get("notify");
        List<byte[]> steps = new ArrayList<>();
        n.get("merkle_branch").forEach(s -> steps.add(Hex.decode(s.asText())));
        return new ShareJob(StratumCodec.prevHashFromStratum(n.get("prevhash").asText()),
                Hex.decode(n.get("coinb1").asText()), Hex.decode(n.get("coinb2").asText()),
                steps.toArray(new byte[0][]), StratumCodec.parseUint32(n.get("version").asText()),
                StratumCodec.parseUint32(n.get("nbits").asText()));
    }

    static int mask(JsonNode v) {
        return v.has("configure") ? StratumCodec.parseUint32(v.get("configure").get("version_mask").asText()) : 0;
    }

    static int rolledVersion(JsonNode v) {
        JsonNode s = v.get("submit");
        int jobVersion = StratumCodec.parseUint32(v.get("notify").get("version").asText());
        if (!s.has("version_bits") || s.get("version_bits").isNull()) {
            return jobVersion;
        }
        return StratumCodec.rollVersion(jobVersion, SubmitFields.versionBits(s.get("version_bits").asText()),
                mask(v));
    }

    private static void assertRelativelyClose(double expected, double actual, double relTol, String what) {
        assertTrue(Math.abs(expected - actual) <= Math.abs(expected) * relTol,
                what + ": expected " + expected + " got " + actual);
    }

    @TestFactory
    Stream<DynamicTest> jobAndSubmitGiveTheDocumentedShare() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : shareVectors()) {
            for (String engine : Sha256Engines.names()) {
                tests.add(DynamicTest.dynamicTest(v.get("name").asText() + " [" + engine + "]",
                        () -> checkShare(v, new ShareValidator(Sha256Engines.create(engine)))));
            }
        }
        return tests.stream();
    }

    private static void checkShare(JsonNode v, ShareValidator validator) {
        JsonNode s = v.get("submit");
        JsonNode e = v.get("expected");
        ShareJob job = job(v);
        byte[] en1 = Hex.decode(v.get("subscribe").get("extranonce1").asText());
        byte[] en2 = SubmitFields.extranonce2(s.get("extranonce2").asText(),
                v.get("subscribe").get("extranonce2_size").asInt());
        int ntime = SubmitFields.ntime(s.get("ntime").asText());
        int nonce = SubmitFields.nonce(s.get("nonce").asText());
        int version = rolledVersion(v);
        assertEquals(e.get("header_version_hex").asText(), StratumCodec.uint32Hex(version));

        byte[] coinbase = job.coinbase(en1, en2);
        assertEquals(e.get("coinbase_hex").asText(), Hex.encode(coinbase));
        assertEquals(e.get("prevhash_display").asText(), Hex.encode(Hex.reversed(job.prevHash())));

        ShareOutcome out = new ShareOutcome();
        // Validate twice with the same outcome: the second call must fully overwrite the first.
        validator.validate(job, en1, en2, ntime ^ 1, nonce ^ 0x5555, version, out);
        validator.validate(job, en1, en2, ntime, nonce, version, out);

        assertEquals(e.get("coinbase_txid_display").asText(), Hex.encode(Hex.reversed(out.coinbaseTxid())));
        assertEquals(Hex.encode(Sha256.sha256d(coinbase)), Hex.encode(out.coinbaseTxid()));
        assertEquals(e.get("merkle_root_internal_hex").asText(), Hex.encode(out.merkleRoot()));
        assertEquals(e.get("merkle_root_display").asText(), Hex.encode(Hex.reversed(out.merkleRoot())));
        assertEquals(e.get("header_hex").asText(), Hex.encode(out.header()));
        assertEquals(e.get("block_hash_display").asText(), Hex.encode(Hex.reversed(out.hash())));
        assertRelativelyClose(e.get("share_difficulty").asDouble(), out.achievedDifficulty(), 1e-12,
                "share difficulty");

        Target256 poolTarget = Target256.of(Difficulty.shareTarget(v.get("pool_difficulty").asDouble()));
        if (e.has("share_target_for_pool_difficulty_hex")) {
            assertEquals(e.get("share_target_for_pool_difficulty_hex").asText(),
                    String.format("%064x", poolTarget.toBigInteger()));
        }
        assertEquals(e.get("meets_pool_difficulty").asBoolean(), out.meets(poolTarget));
        Target256 network = Target256.of(Compact.toTarget(job.bits()));
        if (e.has("network_target_hex")) {
            assertEquals(e.get("network_target_hex").asText(), String.format("%064x", network.toBigInteger()));
        }
        if (e.has("meets_network_target")) {
            assertEquals(e.get("meets_network_target").asBoolean(), out.meets(network));
        }
        if (e.has("int_share_difficulty")) {
            assertEquals(e.get("int_share_difficulty").asLong(), (long) out.achievedDifficulty());
        }
    }

    @TestFactory
    Stream<DynamicTest> headerOnlyVectors() {
        List<JsonNode> list = new ArrayList<>();
        FILE.get("header_only_vectors").forEach(list::add);
        return list.stream().map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> {
            byte[] header = BlockHeader.build(StratumCodec.parseUint32(v.get("version").asText()),
                    StratumCodec.prevHashFromStratum(v.get("prevhash_stratum").asText()),
                    Hex.decode(v.get("merkle_root_internal_hex").asText()),
                    SubmitFields.ntime(v.get("ntime").asText()),
                    StratumCodec.parseUint32(v.get("nbits").asText()),
                    SubmitFields.nonce(v.get("nonce").asText()));
            JsonNode e = v.get("expected");
            assertEquals(e.get("header_hex").asText(), Hex.encode(header));
            byte[] hash = Sha256.sha256d(header);
            assertEquals(e.get("block_hash_display").asText(), Hex.encode(Hex.reversed(hash)));
            assertRelativelyClose(e.get("share_difficulty").asDouble(), Difficulty.ofHash(hash), 1e-12,
                    "share difficulty");
            assertEquals(e.get("int_share_difficulty").asLong(), (long) Difficulty.ofHash(hash));
        }));
    }

    @TestFactory
    Stream<DynamicTest> byteOrderMistakesFailTheShareTarget() {
        JsonNode controls = FILE.get("negative_controls_DERIVED");
        JsonNode base = shareVectors().stream()
                .filter(v -> v.get("name").asText().equals(controls.get("base_vector").asText()))
                .findFirst().orElseThrow();
        JsonNode n = base.get("notify");
        JsonNode s = base.get("submit");
        ShareJob job = job(base);
        byte[] en1 = Hex.decode(base.get("subscribe").get("extranonce1").asText());
        byte[] en2 = Hex.decode(s.get("extranonce2").asText());
        int ntime = SubmitFields.ntime(s.get("ntime").asText());
        int nonce = SubmitFields.nonce(s.get("nonce").asText());
        int version = rolledVersion(base);
        Target256 poolTarget = Target256.of(Difficulty.shareTarget(base.get("pool_difficulty").asDouble()));

        ShareOutcome correct = new ShareOutcome();
        new ShareValidator().validate(job, en1, en2, ntime, nonce, version, correct);
        byte[] root = correct.merkleRoot().clone();
        byte[] prevStratumBytes = Hex.decode(n.get("prevhash").asText());

        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("correct", () -> {
            assertRelativelyClose(controls.get("correct_share_difficulty").asDouble(),
                    correct.achievedDifficulty(), 1e-12, "correct share");
            assertTrue(correct.meets(poolTarget));
        }));
        JsonNode m = controls.get("mistakes");
        tests.add(mistake(m, "ignored_version_bits", poolTarget, () -> {
            ShareOutcome o = new ShareOutcome();
            new ShareValidator().validate(job, en1, en2, ntime, nonce, job.version(), o);
            return o.hash();
        }));
        tests.add(mistake(m, "nonce_hex_bytes_copied_without_reversal", poolTarget, () -> {
            ShareOutcome o = new ShareOutcome();
            new ShareValidator().validate(job, en1, en2, ntime, Integer.reverseBytes(nonce), version, o);
            return o.hash();
        }));
        tests.add(mistake(m, "prevhash_hex_copied_without_word_swap", poolTarget, () -> Sha256.sha256d(
                BlockHeader.build(version, prevStratumBytes, root, ntime, job.bits(), nonce))));
        tests.add(mistake(m, "prevhash_fully_reversed_instead_of_word_swap", poolTarget, () -> Sha256.sha256d(
                BlockHeader.build(version, Hex.reversed(prevStratumBytes), root, ntime, job.bits(), nonce))));
        tests.add(mistake(m, "merkle_root_reversed_before_header", poolTarget, () -> Sha256.sha256d(
                BlockHeader.build(version, job.prevHash(), Hex.reversed(root), ntime, job.bits(), nonce))));
        assertEquals(m.size(), tests.size() - 1, "every mistake in the file is tested");
        return tests.stream();
    }

    private static DynamicTest mistake(JsonNode mistakes, String name, Target256 poolTarget,
            java.util.function.Supplier<byte[]> wrongHash) {
        return DynamicTest.dynamicTest(name, () -> {
            byte[] hash = wrongHash.get();
            double d = Difficulty.ofHash(hash);
            assertRelativelyClose(mistakes.get(name).asDouble(), d, 1e-12, name);
            assertTrue(d < 1e-8, "a byte-order mistake gives a difficulty around 1e-9");
            assertFalse(poolTarget.isMetBy(hash), "the mistaken share must fail the pool target");
        });
    }
}
