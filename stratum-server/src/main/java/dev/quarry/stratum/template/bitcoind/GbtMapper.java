package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;

import java.util.ArrayList;
import java.util.List;

import static dev.quarry.stratum.template.bitcoind.RpcJson.hashFromDisplay;
import static dev.quarry.stratum.template.bitcoind.RpcJson.hex;
import static dev.quarry.stratum.template.bitcoind.RpcJson.longField;
import static dev.quarry.stratum.template.bitcoind.RpcJson.textField;

/**
 * Maps a getblocktemplate result (BIP22/BIP23/BIP145, as Bitcoin Core returns it for
 * {"rules":["segwit"]}) to a {@link BlockTemplate}. Pure.
 *
 * <p>Byte orders: RPC shows hashes reversed (display order); the template keeps internal order,
 * the order they are hashed in. "txid" is the merkle leaf, "hash" the wtxid (witness merkle leaf).
 */
public final class GbtMapper {

    private GbtMapper() {
    }

    /** @throws MalformedRpcDataException naming the missing or malformed field */
    public static BlockTemplate map(JsonNode gbt, String source) {
        String what = "getblocktemplate from " + source;
        if (gbt == null || !gbt.isObject()) throw new MalformedRpcDataException(what + ": result is not an object");
        long height = longField(gbt, "height", what);
        long version = longField(gbt, "version", what);
        if (version < 0 || version > 0xFFFFFFFFL) throw new MalformedRpcDataException(what + ": version out of uint32 range: " + version);
        byte[] prev = hashFromDisplay(textField(gbt, "previousblockhash", what), "previousblockhash", what);
        String bitsHex = textField(gbt, "bits", what);
        if (bitsHex.length() != 8) throw new MalformedRpcDataException(what + ": 'bits' must be 8 hex digits: " + bitsHex);
        int bits;
        try {
            bits = Integer.parseUnsignedInt(bitsHex, 16);
        } catch (NumberFormatException e) {
            throw new MalformedRpcDataException(what + ": 'bits' is not hex: " + bitsHex);
        }
        long curTime = longField(gbt, "curtime", what);
        long minTime = longField(gbt, "mintime", what);
        long coinbaseValue = longField(gbt, "coinbasevalue", what);
        if (coinbaseValue < 0) throw new MalformedRpcDataException(what + ": negative coinbasevalue");
        long sigopLimit = longField(gbt, "sigoplimit", what);
        long weightLimit = longField(gbt, "weightlimit", what);

        JsonNode txs = gbt.get("transactions");
        if (txs == null || !txs.isArray()) throw new MalformedRpcDataException(what + ": missing 'transactions' array");
        List<TemplateTransaction> transactions = new ArrayList<>(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            transactions.add(transaction(txs.get(i), what + ", transaction " + i));
        }

        byte[] commitment = null;
        JsonNode dwc = gbt.get("default_witness_commitment");
        if (dwc != null && !dwc.isNull()) {
            commitment = hex(textField(gbt, "default_witness_commitment", what), "default_witness_commitment", what);
        }
        JsonNode lp = gbt.get("longpollid");
        String longPollId = lp == null || lp.isNull() ? null : lp.asText();
        return new BlockTemplate(source, height, (int) version, prev, bits, curTime, minTime, coinbaseValue,
                transactions, commitment, sigopLimit, weightLimit, longPollId);
    }

    private static TemplateTransaction transaction(JsonNode tx, String what) {
        if (tx == null || !tx.isObject()) throw new MalformedRpcDataException(what + ": not an object");
        byte[] data = hex(textField(tx, "data", what), "data", what);
        byte[] txid = hashFromDisplay(textField(tx, "txid", what), "txid", what);
        // "hash" is the wtxid; it equals the txid for a transaction without witness.
        byte[] wtxid = tx.hasNonNull("hash") ? hashFromDisplay(textField(tx, "hash", what), "hash", what) : txid.clone();
        long fee = longField(tx, "fee", what);
        long sigops = longField(tx, "sigops", what);
        long weight = longField(tx, "weight", what);
        return new TemplateTransaction(data, txid, wtxid, fee, sigops, weight);
    }
}
