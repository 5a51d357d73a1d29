package dev.quarry.ops;

import dev.quarry.app.QuarryPool;
import dev.quarry.config.ConfigKey;
import dev.quarry.config.ConfigLoader;
import dev.quarry.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** In-process Quarry on the embedded defaults for end-to-end tests, and a scripted miner for it. */
final class TestPools {

    /** Every hash meets this difficulty, so one submit with any nonce is an accepted share. */
    static final String EVERY_HASH = Double.toString(0x1p-32);

    private TestPools() {
    }

    /** Loopback only, ephemeral main and HTTP ports, no static port, every hash a share; {@code extra} on top. */
    static QuarryPool start(Path dataDir, Map<ConfigKey, String> extra) throws Exception {
        ConfigLoader l = new ConfigLoader()
                .flag(ConfigKey.DATA_DIR, dataDir.toString())
                .flag(ConfigKey.STRATUM_BIND, "127.0.0.1")
                .flag(ConfigKey.STRATUM_PORT, "0")
                .flag(ConfigKey.HTTP_PORT, "0")
                .flag(ConfigKey.STRATUM_STATIC_PORT, "0")
                .flag(ConfigKey.STRATUM_DIFFICULTY, EVERY_HASH)
                .flag(ConfigKey.STRATUM_MIN_DIFFICULTY, EVERY_HASH);
        extra.forEach(l::flag);
        return QuarryPool.start(l.build());
    }

    static String scrape(QuarryPool pool) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + pool.httpAddress().getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    /** A miner's state after the handshake: the subscribe result [subscriptions, extranonce1, extranonce2 size] and its first job. */
    record Mining(String worker, JsonNode subscribeResult, JsonNode job) {
    }

    /** subscribe, authorize {@code worker}, wait for the first job. */
    static Mining handshake(StratumTestClient c, String worker) throws IOException {
        JsonNode sub = c.handshake(worker);
        return new Mining(worker, sub, c.notification("mining.notify"));
    }

    /** Submits one share on the first job with nonce {@code id} (any nonce meets difficulty 2^-32, distinct ids are distinct shares). */
    static JsonNode submitOne(StratumTestClient c, Mining m, int id) throws IOException {
        String worker = m.worker();
        JsonNode p = m.job().get("params");
        String extranonce2 = "00".repeat(m.subscribeResult().get(2).asInt());
        c.send("{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + worker + "\",\"" + p.get(0).asText() + "\",\""
                + extranonce2 + "\",\"" + p.get(7).asText() + "\",\"" + String.format("%08x", id) + "\"]}");
        return c.response(id);
    }
}
