package dev.quarry.simulate;

/**
 * The miner's extranonce2: a counter written little-endian into {@code size} bytes and rendered
 * as hex in byte order, as ESP-Miner does ({@code 1} with size 4 → {@code "01000000"}).
 */
public final class Extranonce2Counter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private int size;
    private long next;

    public Extranonce2Counter(int size) {
        resize(size);
    }

    /** Changes the byte size (set_extranonce) and restarts at zero. */
    public void resize(int size) {
        if (size < 1 || size > 32) throw new IllegalArgumentException("extranonce2 size must be 1..32 bytes: " + size);
        this.size = size;
        this.next = 0;
    }

    public void reset() {
        next = 0;
    }

    public int size() {
        return size;
    }

    /** The current value as hex, then advances; wraps inside the available bytes. */
    public String nextHex() {
        String s = hex(next, size);
        next++;
        if (size < 8 && next >= (1L << (8 * size))) next = 0;
        return s;
    }

    static String hex(long value, int size) {
        char[] out = new char[size * 2];
        for (int i = 0; i < size; i++) {
            int b = i < 8 ? (int) (value >>> (8 * i)) & 0xff : 0;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xf];
        }
        return new String(out);
    }
}
