package dev.quarry.stratum.template;

import java.util.List;
import java.util.Objects;

/**
 * A block template as a node hands it out (bitcoind getblocktemplate, or the embedded SimChain).
 * All hashes are in internal byte order (the order they are hashed in), not RPC display order.
 *
 * @param source                  name of the node / source it came from (for metrics and logs)
 * @param height                  height of the block to build
 * @param version                 block version as the node proposes it
 * @param previousBlockHash       32 bytes, internal order
 * @param bits                    compact nBits
 * @param curTime                 the node's current time (seconds)
 * @param minTime                 the earliest ntime the node accepts
 * @param coinbaseValue           subsidy plus fees of the included transactions, satoshis
 * @param transactions            transactions in block order (without the coinbase)
 * @param defaultWitnessCommitment full scriptPubKey of the witness commitment output (6a24aa21a9ed...), or null when no tx has a witness
 * @param sigopLimit              the block's sigop-cost budget
 * @param weightLimit             the block's weight budget
 * @param longPollId              opaque long-poll id, or null
 */
public record BlockTemplate(
        String source,
        long height,
        int version,
        byte[] previousBlockHash,
        int bits,
        long curTime,
        long minTime,
        long coinbaseValue,
        List<TemplateTransaction> transactions,
        byte[] defaultWitnessCommitment,
        long sigopLimit,
        long weightLimit,
        String longPollId) {

    public BlockTemplate {
        Objects.requireNonNull(previousBlockHash, "previousBlockHash");
        if (previousBlockHash.length != 32) throw new IllegalArgumentException("previousBlockHash must be 32 bytes");
        transactions = List.copyOf(transactions);
    }

    /** Sum of the fees of the included transactions, satoshis. */
    public long totalFees() {
        long sum = 0;
        for (TemplateTransaction tx : transactions) sum += tx.fee();
        return sum;
    }
}
