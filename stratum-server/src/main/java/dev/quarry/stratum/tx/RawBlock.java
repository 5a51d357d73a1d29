package dev.quarry.stratum.tx;

import dev.quarry.pow.sha.Sha256;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A decoded block: the 80-byte header and its transactions. */
public record RawBlock(byte[] header, List<Transaction> transactions, int size) {
    /** A 4 MB block holds at most this many (minimal, 60-byte) transactions. */
    private static final int MAX_TX = 4_000_000 / 60;

    public RawBlock {
        if (header.length != 80) throw new IllegalArgumentException("header must be 80 bytes");
        transactions = List.copyOf(transactions);
    }

    /** Decodes a serialized block; trailing bytes are an error. */
    public static RawBlock parse(byte[] data) {
        ByteReader r = new ByteReader(data);
        byte[] header = r.bytes(80, "block header");
        int n = r.count("transaction count", MAX_TX);
        List<Transaction> txs = new ArrayList<>(Math.min(n, 10_000));
        for (int i = 0; i < n; i++) txs.add(Transaction.read(r));
        if (r.remaining() != 0) throw new MalformedDataException(r.remaining() + " trailing bytes after block");
        return new RawBlock(header, txs, data.length);
    }

    /** SHA-256d of the header, internal order. */
    public byte[] hash() {
        return Sha256.sha256d(header);
    }

    public int version() {
        return readLe(0);
    }

    public byte[] prevHash() {
        return Arrays.copyOfRange(header, 4, 36);
    }

    public byte[] merkleRoot() {
        return Arrays.copyOfRange(header, 36, 68);
    }

    public int time() {
        return readLe(68);
    }

    public int bits() {
        return readLe(72);
    }

    public int nonce() {
        return readLe(76);
    }

    private int readLe(int off) {
        return (header[off] & 0xff) | (header[off + 1] & 0xff) << 8 | (header[off + 2] & 0xff) << 16 | (header[off + 3] & 0xff) << 24;
    }

    /** Size without witness data (what the legacy 1 MB rule measured). */
    public int strippedSize() {
        int s = 80 + ByteWriter.varIntSize(transactions.size());
        for (Transaction tx : transactions) s += tx.strippedSize();
        return s;
    }

    public long weight() {
        return 3L * strippedSize() + size;
    }
}
