package dev.quarry.stratum.tx;

import java.util.Arrays;

/** Bounds-checked reader for the Bitcoin wire format; every overrun is a {@link MalformedDataException}. */
public final class ByteReader {
    private final byte[] data;
    private int pos;
    private final int end;

    public ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    public ByteReader(byte[] data, int off, int len) {
        if (off < 0 || len < 0 || off + len > data.length) throw new IllegalArgumentException("bad range");
        this.data = data;
        this.pos = off;
        this.end = off + len;
    }

    private void need(int n, String what) {
        if (n < 0 || end - pos < n) {
            throw new MalformedDataException("truncated " + what + ": need " + n + " bytes at offset " + pos + ", " + (end - pos) + " left");
        }
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public int u8(String what) {
        need(1, what);
        return data[pos++] & 0xff;
    }

    public int u32le(String what) {
        need(4, what);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    public long u64le(String what) {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (long) (data[pos + i] & 0xff) << (8 * i);
        pos += 8;
        return v;
    }

    public long varInt(String what) {
        int first = u8(what);
        if (first < 0xfd) return first;
        if (first == 0xfd) {
            need(2, what);
            int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
            pos += 2;
            if (v < 0xfd) throw new MalformedDataException("non-canonical CompactSize for " + what);
            return v;
        }
        if (first == 0xfe) {
            long v = u32le(what) & 0xffffffffL;
            if (v <= 0xffff) throw new MalformedDataException("non-canonical CompactSize for " + what);
            return v;
        }
        long v = u64le(what);
        if (v >= 0 && v <= 0xffffffffL) throw new MalformedDataException("non-canonical CompactSize for " + what);
        return v;
    }

    /** A CompactSize that must not exceed max (guards allocations driven by untrusted input). */
    public int count(String what, int max) {
        long n = varInt(what);
        if (n < 0 || n > max) throw new MalformedDataException(what + " too large: " + n);
        return (int) n;
    }

    public byte[] bytes(int n, String what) {
        need(n, what);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    public byte[] varBytes(String what) {
        return bytes(count(what, remaining()), what);
    }

    /** Peeks at the byte at the current position plus offset. */
    public int peek(int offset, String what) {
        need(offset + 1, what);
        return data[pos + offset] & 0xff;
    }
}
