package dev.quarry.stratum.tx;

import java.util.Arrays;

/** Growable byte buffer with the little-endian and CompactSize writers of the Bitcoin wire format. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u32le(int v) {
        ensure(4);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 24);
        return this;
    }

    public ByteWriter u64le(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) buf[size++] = (byte) (v >>> (8 * i));
        return this;
    }

    /** Bitcoin CompactSize ("varint") as used for counts and script lengths. */
    public ByteWriter varInt(long v) {
        if (v < 0) throw new IllegalArgumentException("negative CompactSize " + v);
        if (v < 0xfd) return u8((int) v);
        if (v <= 0xffff) return u8(0xfd).u8((int) v).u8((int) (v >>> 8));
        if (v <= 0xffffffffL) return u8(0xfe).u32le((int) v);
        return u8(0xff).u64le(v);
    }

    public ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** CompactSize length followed by the bytes. */
    public ByteWriter varBytes(byte[] b) {
        return varInt(b.length).bytes(b);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Number of bytes CompactSize needs for v. */
    public static int varIntSize(long v) {
        if (v < 0xfd) return 1;
        if (v <= 0xffff) return 3;
        if (v <= 0xffffffffL) return 5;
        return 9;
    }
}
