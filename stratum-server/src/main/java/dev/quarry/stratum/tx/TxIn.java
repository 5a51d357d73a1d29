package dev.quarry.stratum.tx;

import java.util.List;

/**
 * A transaction input.
 *
 * @param prevTxid 32 bytes, internal order (all zero for a coinbase)
 * @param prevVout output index (0xffffffff for a coinbase)
 * @param scriptSig unlocking script
 * @param sequence  nSequence
 * @param witness   witness stack items (empty when none)
 */
public record TxIn(byte[] prevTxid, int prevVout, byte[] scriptSig, int sequence, List<byte[]> witness) {
    public TxIn {
        witness = List.copyOf(witness);
    }

    public boolean isNull() {
        if (prevVout != -1) return false;
        for (byte b : prevTxid) if (b != 0) return false;
        return true;
    }
}
