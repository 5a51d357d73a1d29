package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of getblockheader a pool needs to follow a block it found.
 *
 * @param hash              internal order
 * @param height            block height
 * @param confirmations     1 for the tip, more as blocks are built on it; -1 when the block is not in the
 *                          node's best chain (orphaned / reorganised away)
 * @param previousBlockHash internal order, null for genesis
 */
public record BlockHeaderInfo(byte[] hash, long height, long confirmations, byte[] previousBlockHash) {

    public boolean inBestChain() {
        return confirmations >= 0;
    }

    public static BlockHeaderInfo fromRpc(JsonNode r, String source) {
        String what = "getblockheader from " + source;
        if (r == null || !r.isObject()) throw new MalformedRpcDataException(what + ": result is not an object");
        byte[] prev = r.hasNonNull("previousblockhash")
                ? RpcJson.hashFromDisplay(RpcJson.textField(r, "previousblockhash", what), "previousblockhash", what)
                : null;
        return new BlockHeaderInfo(RpcJson.hashFromDisplay(RpcJson.textField(r, "hash", what), "hash", what),
                RpcJson.longField(r, "height", what), RpcJson.longField(r, "confirmations", what), prev);
    }
}
