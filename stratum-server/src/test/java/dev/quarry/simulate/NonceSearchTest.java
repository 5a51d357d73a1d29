package dev.quarry.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.sha.Sha256Engines;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real mode finds exactly the shares a pool accepts: the public-pool Bitaxe share is rediscovered. */
class NonceSearchTest {

    static final JsonNode VECTOR = Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled");

    static MinerJob job(double difficulty) {
        JsonNode n = VECTOR.get("notify");
        List<String> branch = new java.util.ArrayList<>();
        for (JsonNode b : n.get("merkle_branch")) branch.add(b.asText());
        return new MinerJob("1", n.get("prevhash").asText(), n.get("coinb1").asText(), n.get("coinb2").asText(), branch,
                0x20000000, Integer.parseUnsignedInt(n.get("nbits").asText(), 16), Integer.parseUnsignedInt(n.get("ntime").asText(), 16),
                false, difficulty, VECTOR.get("subscribe").get("extranonce1").asText(), 4);
    }

    @Test
    void rediscoversThePublicPoolShareAtDifficulty512() {
        NonceSearch s = new NonceSearch(Sha256Engines.create());
        s.prepare(new WorkUnit(job(512), "c7080000", 0x20002000, true, 0x1fffe000));
        long expected = Long.parseLong(VECTOR.get("submit").get("nonce").asText(), 16);
        List<Integer> found = s.search(expected - 5000, 10_000);
        assertEquals(List.of((int) expected), found);
        // the same window with the wrong rolled version finds nothing (version bits matter)
        s.prepare(new WorkUnit(job(512), "c7080000", 0x20000000, true, 0x1fffe000));
        assertEquals(List.of(), s.search(expected - 5000, 10_000));
    }

    @Test
    void atFractionalDifficultySharesAreFoundAtTheExpectedRate() {
        // difficulty 2^-16: a share every 2^16 hashes on average
        NonceSearch s = new NonceSearch(Sha256Engines.create());
        s.prepare(new WorkUnit(job(Math.pow(2, -16)), "00000000", 0x20000000, false, 0));
        List<Integer> found = s.search(0, 1 << 21); // expect 32
        assertTrue(found.size() >= 15 && found.size() <= 55, "found " + found.size());
        for (int nonce : found) assertTrue(s.confirm(nonce));
    }
}
