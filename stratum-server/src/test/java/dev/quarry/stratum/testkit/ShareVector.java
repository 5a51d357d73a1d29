package dev.quarry.stratum.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.template.BlockTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * One job + submit vector of stratum_shares.json, turned into what the server serves: a
 * {@link Job} with the vector's fields, the extranonce1 and extranonce2 size of its subscription,
 * and the expected verdict.
 */
public record ShareVector(String name, Job job, String extranonce1, int extranonce2Size, double poolDifficulty, int versionMask,
                          String worker, String extranonce2, String ntime, String nonce, String versionBits,
                          double expectedShareDifficulty, boolean meetsNetworkTarget, String blockHashDisplay) {

    public static ShareVector named(String name) {
        for (JsonNode v : Vectors.load("stratum_shares.json").get("vectors")) {
            if (v.get("name").asText().equals(name)) return from(v);
        }
        throw new IllegalArgumentException("no share vector " + name);
    }

    private static ShareVector from(JsonNode v) {
        JsonNode n = v.get("notify");
        JsonNode s = v.get("submit");
        String jobId = n.path("job_id").isTextual() ? n.get("job_id").asText() : "j" + Integer.toHexString(v.get("name").asText().hashCode() & 0xffff);
        byte[] prev = StratumCodec.prevHashFromStratum(n.get("prevhash").asText());
        List<byte[]> branch = new ArrayList<>();
        for (JsonNode b : n.get("merkle_branch")) branch.add(Hex.decode(b.asText()));
        int version = StratumCodec.parseUint32(n.get("version").asText());
        int bits = StratumCodec.parseUint32(n.get("nbits").asText());
        int ntime = StratumCodec.parseUint32(n.get("ntime").asText());
        BlockTemplate template = new BlockTemplate("vector", 1, version, prev, bits, Integer.toUnsignedLong(ntime),
                Integer.toUnsignedLong(ntime), 0, List.of(), null, 80_000, 4_000_000, null);
        Job job = new Job(jobId, template, prev, Hex.decode(n.get("coinb1").asText()), Hex.decode(n.get("coinb2").asText()),
                branch.toArray(new byte[0][]), version, bits, ntime, true, System.currentTimeMillis());
        int mask = v.has("configure") ? StratumCodec.parseUint32(v.get("configure").get("version_mask").asText()) : 0;
        String worker = s.path("worker").isTextual() ? s.get("worker").asText() : "contract1.rig1";
        JsonNode e = v.get("expected");
        return new ShareVector(v.get("name").asText(), job, v.get("subscribe").get("extranonce1").asText(),
                v.get("subscribe").get("extranonce2_size").asInt(), v.get("pool_difficulty").asDouble(), mask, worker,
                s.get("extranonce2").asText(), s.get("ntime").asText(), s.get("nonce").asText(),
                s.path("version_bits").isTextual() ? s.get("version_bits").asText() : null,
                e.get("share_difficulty").asDouble(), e.get("meets_network_target").asBoolean(), e.get("block_hash_display").asText());
    }

    /** The contract part of the worker name. */
    public String contract() {
        int dot = worker.indexOf('.');
        return dot < 0 ? worker : worker.substring(0, dot);
    }

    /** A mining.submit line for this vector's share (5 params when it has no version bits). */
    public String submitLine(Object id) {
        return submitLine(id, worker);
    }

    /** The same submit sent by another (authorized) worker name. */
    public String submitLine(Object id, String worker) {
        String vb = versionBits == null ? "" : ",\"" + versionBits + "\"";
        return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + worker + "\",\"" + job.jobId() + "\",\""
                + extranonce2 + "\",\"" + ntime + "\",\"" + nonce + "\"" + vb + "]}";
    }
}
