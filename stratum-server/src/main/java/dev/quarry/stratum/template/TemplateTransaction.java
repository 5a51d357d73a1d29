package dev.quarry.stratum.template;

import java.util.Objects;

/**
 * One non-coinbase transaction of a template.
 *
 * @param data   full serialization (with witness if it has one), as it goes into the block
 * @param txid   32 bytes internal order (hash of the non-witness serialization): merkle leaf
 * @param wtxid  32 bytes internal order (hash with witness): witness merkle leaf
 * @param fee    satoshis
 * @param sigops sigop cost
 * @param weight weight units
 */
public record TemplateTransaction(byte[] data, byte[] txid, byte[] wtxid, long fee, long sigops, long weight) {
    public TemplateTransaction {
        Objects.requireNonNull(data, "data");
        if (txid == null || txid.length != 32) throw new IllegalArgumentException("txid must be 32 bytes");
        if (wtxid == null || wtxid.length != 32) throw new IllegalArgumentException("wtxid must be 32 bytes");
    }
}
