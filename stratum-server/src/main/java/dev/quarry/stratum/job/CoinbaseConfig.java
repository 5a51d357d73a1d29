package dev.quarry.stratum.job;

import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.InvalidAddressException;
import dev.quarry.pow.address.Network;
import dev.quarry.stratum.tx.TxOut;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * How the pool builds its coinbase.
 *
 * @param payoutScript     scriptPubKey that receives the reward (after any fixed outputs)
 * @param fixedOutputs     outputs with fixed amounts paid first from the reward (e.g. an operator fee); usually empty
 * @param poolTag          bytes appended raw to the scriptSig after the BIP34 height; truncated so the scriptSig stays ≤ 100 bytes
 * @param txVersion        coinbase transaction version (Bitcoin Core uses 2)
 * @param extranonce1Size  bytes of the per-session extranonce1
 * @param extranonce2Size  bytes of the miner-rolled extranonce2
 * @param lockTime         coinbase nLockTime
 * @param sequence         coinbase input nSequence
 */
public record CoinbaseConfig(byte[] payoutScript, List<TxOut> fixedOutputs, byte[] poolTag, int txVersion,
                             int extranonce1Size, int extranonce2Size, int lockTime, int sequence) {

    public static final int DEFAULT_EXTRANONCE1_SIZE = 4;
    public static final int DEFAULT_EXTRANONCE2_SIZE = 8;
    public static final String DEFAULT_TAG = "/quarry/";

    public CoinbaseConfig {
        Objects.requireNonNull(payoutScript, "payoutScript");
        if (payoutScript.length == 0 || payoutScript.length > 10_000) throw new IllegalArgumentException("payout scriptPubKey must be 1..10000 bytes");
        fixedOutputs = List.copyOf(fixedOutputs);
        for (TxOut o : fixedOutputs) if (o.value() < 0) throw new IllegalArgumentException("fixed output value must not be negative");
        poolTag = poolTag == null ? new byte[0] : poolTag.clone();
        // extranonce1 identifies a session (1..8 bytes); extranonce2 2..16 bytes is what cgminer-family firmware accepts
        if (extranonce1Size < 1 || extranonce1Size > 8) throw new IllegalArgumentException("extranonce1 size must be 1..8, got " + extranonce1Size);
        if (extranonce2Size < 2 || extranonce2Size > 16) throw new IllegalArgumentException("extranonce2 size must be 2..16, got " + extranonce2Size);
    }

    /** Defaults: tag "/quarry/", version 2, 4 + 8 bytes extranonce, locktime 0, final sequence. */
    public static CoinbaseConfig of(byte[] payoutScript) {
        return new CoinbaseConfig(payoutScript, List.of(), DEFAULT_TAG.getBytes(StandardCharsets.US_ASCII), 2,
                DEFAULT_EXTRANONCE1_SIZE, DEFAULT_EXTRANONCE2_SIZE, 0, 0xffffffff);
    }

    /**
     * Defaults paying to a payout address, decoded and checked by our own codec for the pool's network.
     * Called at start-up: a malformed or wrong-network address stops the pool with the codec's message.
     *
     * @throws InvalidPayoutAddressException naming the address problem (checksum, network, type, ...)
     */
    public static CoinbaseConfig forPayoutAddress(String address, Network network) {
        try {
            return of(BitcoinAddress.parse(address, network).scriptPubKey());
        } catch (InvalidAddressException e) {
            throw new InvalidPayoutAddressException("payout address rejected: " + e.getMessage(), e);
        }
    }

    /** A payout address that cannot be used on the pool's network. */
    public static final class InvalidPayoutAddressException extends IllegalArgumentException {
        public InvalidPayoutAddressException(String message, InvalidAddressException cause) {
            super(message, cause);
        }
    }

    public CoinbaseConfig withPoolTag(byte[] tag) {
        return new CoinbaseConfig(payoutScript, fixedOutputs, tag, txVersion, extranonce1Size, extranonce2Size, lockTime, sequence);
    }

    public CoinbaseConfig withExtranonceSizes(int en1, int en2) {
        return new CoinbaseConfig(payoutScript, fixedOutputs, poolTag, txVersion, en1, en2, lockTime, sequence);
    }

    public CoinbaseConfig withTxVersion(int version) {
        return new CoinbaseConfig(payoutScript, fixedOutputs, poolTag, version, extranonce1Size, extranonce2Size, lockTime, sequence);
    }

    public CoinbaseConfig withFixedOutputs(List<TxOut> outputs) {
        return new CoinbaseConfig(payoutScript, outputs, poolTag, txVersion, extranonce1Size, extranonce2Size, lockTime, sequence);
    }

    public CoinbaseConfig withLockTime(int lockTime, int sequence) {
        return new CoinbaseConfig(payoutScript, fixedOutputs, poolTag, txVersion, extranonce1Size, extranonce2Size, lockTime, sequence);
    }

    public int extranonceSize() {
        return extranonce1Size + extranonce2Size;
    }

    @Override
    public byte[] payoutScript() {
        return payoutScript.clone();
    }

    @Override
    public byte[] poolTag() {
        return poolTag.clone();
    }
}
