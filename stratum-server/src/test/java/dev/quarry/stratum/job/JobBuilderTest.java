package dev.quarry.stratum.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.merkle.Merkle;
import dev.quarry.pow.sha.Sha256;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.testutil.Vectors;
import dev.quarry.stratum.tx.TxOut;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobBuilderTest {
    private static final byte[] P2WPKH = Hex.decode("0014e6f22ca44dc800e9d049621a3b9a42c509f1c4bc");

    private static JobBuilder publicPoolBuilder() {
        CoinbaseConfig cfg = new CoinbaseConfig(P2WPKH, List.of(new TxOut(36986, P2WPKH)),
                "\\public-pool\\".getBytes(StandardCharsets.US_ASCII), 2, 4, 4, 0, 0xffffffff);
        return new JobBuilder(new CoinbaseBuilder(cfg), JobBuilder.DEFAULT_VERSION_MASK);
    }

    @Test
    void reproducesPublicPoolNotifyFromItsTemplate() {
        JsonNode v = Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled");
        BlockTemplate t = Vectors.template(v.get("getblocktemplate"));
        Job job = publicPoolBuilder().build(t, true, 1234L);

        JsonNode notify = v.get("notify");
        assertEquals(notify.get("coinb1").asText(), Hex.encode(job.coinb1()));
        assertEquals(notify.get("coinb2").asText(), Hex.encode(job.coinb2()));
        assertEquals(notify.get("merkle_branch").size(), job.merkleBranch().length);
        for (int i = 0; i < job.merkleBranch().length; i++) {
            assertEquals(notify.get("merkle_branch").get(i).asText(), Hex.encode(job.merkleBranch()[i]), "branch " + i);
        }
        assertEquals(notify.get("prevhash").asText(), StratumCodec.prevHashToStratum(job.prevHash()));
        assertEquals(notify.get("version").asText(), StratumCodec.uint32Hex(job.version()));
        assertEquals(notify.get("nbits").asText(), StratumCodec.uint32Hex(job.bits()));
        assertTrue(job.cleanJobs());
        assertEquals(1234L, job.createdMillis());
        assertEquals(2442185, job.height());

        byte[] coinbase = JobBuilder.coinbase(job, Hex.decode(v.at("/subscribe/extranonce1").asText()),
                Hex.decode(v.at("/submit/extranonce2").asText()));
        byte[] root = Merkle.foldBranch(Sha256.sha256d(coinbase), job.merkleBranch());
        assertEquals(v.at("/expected/merkle_root_internal_hex").asText(), Hex.encode(root));
    }

    @Test
    void versionHasTheRollingMaskCleared() {
        JsonNode v = Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled");
        BlockTemplate t = Vectors.template(v.get("getblocktemplate"));
        BlockTemplate rolled = withVersionAndTimes(t, 0x20ffe004, 100, 50);
        assertEquals(0x20000004, publicPoolBuilder().build(rolled, false, 0).version());
        JobBuilder narrow = new JobBuilder(publicPoolBuilder().coinbaseBuilder(), 0x00ff0000);
        assertEquals(0x2000e004, narrow.build(rolled, false, 0).version());
    }

    @Test
    void ntimeIsCurtimeButNeverBelowMintimeAndMovesForwardOnRefresh() {
        BlockTemplate t = Vectors.template(Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled").get("getblocktemplate"));
        JobBuilder b = publicPoolBuilder();
        assertEquals(1_700_000_000, b.build(withVersionAndTimes(t, 0x20000000, 1_700_000_000L, 1_600_000_000L), false, 0).ntime());
        assertEquals(1_700_000_100, b.build(withVersionAndTimes(t, 0x20000000, 1_700_000_000L, 1_700_000_100L), false, 0).ntime());
        assertEquals(1_700_000_030, b.build(withVersionAndTimes(t, 0x20000000, 1_700_000_000L, 1_600_000_000L), false, 30, 0).ntime());
    }

    @Test
    void jobIdsAreUniqueShortHex() {
        JobBuilder b = publicPoolBuilder();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = b.nextJobId();
            assertTrue(id.matches("[0-9a-f]{1,8}"), id);
            assertTrue(ids.add(id), "duplicate id " + id);
        }
    }

    @Test
    void merkleBranchOfJobMatchesMerkleRootOverAllTxids() {
        BlockTemplate t = Vectors.template(Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled").get("getblocktemplate"));
        Job job = publicPoolBuilder().build(t, false, 0);
        byte[] cbTxid = Sha256.sha256d(JobBuilder.coinbase(job, new byte[4], new byte[4]));
        List<byte[]> all = new java.util.ArrayList<>();
        all.add(cbTxid);
        t.transactions().forEach(tx -> all.add(tx.txid()));
        assertArrayEquals(Merkle.root(all), Merkle.foldBranch(cbTxid, job.merkleBranch()));
    }

    static BlockTemplate withVersionAndTimes(BlockTemplate t, int version, long curTime, long minTime) {
        return new BlockTemplate(t.source(), t.height(), version, t.previousBlockHash(), t.bits(), curTime, minTime,
                t.coinbaseValue(), t.transactions(), t.defaultWitnessCommitment(), t.sigopLimit(), t.weightLimit(), t.longPollId());
    }
}
