package dev.quarry.stratum.tx;

/**
 * A transaction output.
 *
 * @param value        satoshis
 * @param scriptPubKey locking script
 */
public record TxOut(long value, byte[] scriptPubKey) {
}
