package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.address.Network;

/**
 * What getblockchaininfo says about a node's chain.
 *
 * @param chainName            bitcoind's chain name ("main", "test", "testnet4", "signet", "regtest")
 * @param network              the network its addresses use
 * @param blocks               height of the node's tip
 * @param headers              best header height the node knows
 * @param bestBlockHash        tip hash, internal order
 * @param initialBlockDownload true while the node is still syncing: it must not be mined on
 */
public record ChainInfo(String chainName, Network network, long blocks, long headers, byte[] bestBlockHash,
                        boolean initialBlockDownload) {

    /** @throws MalformedRpcDataException for a missing field or an unknown chain name */
    public static ChainInfo fromRpc(JsonNode r, String source) {
        String what = "getblockchaininfo from " + source;
        if (r == null || !r.isObject()) throw new MalformedRpcDataException(what + ": result is not an object");
        String chain = RpcJson.textField(r, "chain", what);
        Network network;
        try {
            network = Network.fromName(chain);
        } catch (IllegalArgumentException e) {
            throw new MalformedRpcDataException(what + ": " + e.getMessage());
        }
        return new ChainInfo(chain, network, RpcJson.longField(r, "blocks", what), RpcJson.longField(r, "headers", what),
                RpcJson.hashFromDisplay(RpcJson.textField(r, "bestblockhash", what), "bestblockhash", what),
                RpcJson.boolField(r, "initialblockdownload", what));
    }
}
