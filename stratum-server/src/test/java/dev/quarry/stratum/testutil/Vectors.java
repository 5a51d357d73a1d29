package dev.quarry.stratum.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Loads the shared test vectors from the classpath copy (pow-core test-jar). */
public final class Vectors {
    private Vectors() {
    }

    public static JsonNode load(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/testvectors/" + file)) {
            if (in == null) throw new IllegalStateException("test vector /testvectors/" + file + " not on the classpath");
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode vector(String file, String name) {
        for (JsonNode v : load(file).get("vectors")) if (name.equals(v.get("name").asText())) return v;
        throw new IllegalStateException("no vector " + name + " in " + file);
    }

    /** Display (RPC) hex → internal byte order. */
    public static byte[] internal(String displayHex) {
        return Hex.reversed(Hex.decode(displayHex));
    }

    /** A BlockTemplate from a recorded getblocktemplate result (transactions without data: hashing only). */
    public static BlockTemplate template(JsonNode gbt) {
        List<TemplateTransaction> txs = new ArrayList<>();
        for (JsonNode tx : gbt.get("transactions")) {
            byte[] data = tx.has("data") ? Hex.decode(tx.get("data").asText()) : new byte[0];
            txs.add(new TemplateTransaction(data, internal(tx.get("txid").asText()), internal(tx.get("hash").asText()),
                    tx.path("fee").asLong(0), tx.path("sigops").asLong(0), tx.path("weight").asLong(0)));
        }
        byte[] commitment = gbt.has("default_witness_commitment") ? Hex.decode(gbt.get("default_witness_commitment").asText()) : null;
        long curtime = gbt.path("curtime").asLong(0);
        return new BlockTemplate("recorded", gbt.get("height").asLong(), gbt.get("version").asInt(),
                internal(gbt.get("previousblockhash").asText()), (int) Long.parseLong(gbt.get("bits").asText(), 16),
                curtime, gbt.path("mintime").asLong(0), gbt.get("coinbasevalue").asLong(), txs, commitment,
                gbt.path("sigoplimit").asLong(80_000), gbt.path("weightlimit").asLong(4_000_000), null);
    }
}
