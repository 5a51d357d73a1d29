package dev.quarry.accounting.journal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The binary form of one share in the journal's log: a frame {@code [u32 length][u32 crc32c]
 * [payload]} (big-endian) whose payload is
 * <pre>
 *   u8 version (1) | 32 header hash | i64 time ms | str contract | str worker | str job | str target
 *   | i64 difficulty bits | i64 achieved bits | i32 nBits | i64 height | u8 block found
 * </pre>
 * with {@code str} = u16 byte length + UTF-8. Doubles travel as their raw IEEE-754 bits, so the
 * difficulty that settlement sums exactly is the one the server judged the share at, bit for bit.
 * The CRC tells a torn write at the end of the log (crash mid-append) from a record.
 *
 * <p>Pure: no I/O.
 */
final class ShareRecordCodec {

    static final int FRAME_HEADER = 8;
    static final byte VERSION = 1;
    /** Longest field the database takes (worker, VARCHAR(200)); longer shares are refused before they are acknowledged. */
    static final int MAX_FIELD_CHARS = 200;
    static final int MAX_PAYLOAD = 1 + 32 + 8 + 4 * (2 + 4 * MAX_FIELD_CHARS) + 8 + 8 + 4 + 8 + 1;
    /** The smallest frame (all strings empty): bounds how many records a log of a given size can hold. */
    static final int MIN_FRAME = FRAME_HEADER + 1 + 32 + 8 + 4 * 2 + 8 + 8 + 4 + 8 + 1;

    private ShareRecordCodec() {
    }

    /**
     * Refuses shares the database would refuse (fields longer than their columns), so that the log
     * never holds a share that can be acknowledged but not stored.
     */
    static void checkStorable(AcceptedShare s) {
        checkField("contractId", s.contractId(), 64);
        checkField("worker", s.worker(), MAX_FIELD_CHARS);
        checkField("jobId", s.jobId(), 64);
        checkField("shareTargetHex", s.shareTargetHex(), 64);
    }

    private static void checkField(String name, String value, int max) {
        if (value.length() > max) throw new IllegalArgumentException(name + " longer than " + max + " characters");
    }

    /** Appends one frame to {@code out} (which must have {@link #MAX_PAYLOAD} + 8 bytes free). */
    static void encode(AcceptedShare s, ByteBuffer out, CRC32C crc) {
        int frameStart = out.position();
        out.position(frameStart + FRAME_HEADER);
        int payloadStart = out.position();
        out.put(VERSION);
        out.put(s.headerHash());
        out.putLong(s.timeMillis());
        putString(out, s.contractId());
        putString(out, s.worker());
        putString(out, s.jobId());
        putString(out, s.shareTargetHex());
        out.putLong(Double.doubleToRawLongBits(s.difficulty()));
        out.putLong(Double.doubleToRawLongBits(s.achievedDifficulty()));
        out.putInt(s.networkBits());
        out.putLong(s.height());
        out.put((byte) (s.blockFound() ? 1 : 0));
        int payloadEnd = out.position();
        crc.reset();
        crc.update(out.duplicate().position(payloadStart).limit(payloadEnd));
        out.putInt(frameStart, payloadEnd - payloadStart);
        out.putInt(frameStart + 4, (int) crc.getValue());
    }

    private static void putString(ByteBuffer out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.putShort((short) b.length);
        out.put(b);
    }

    /**
     * Reads the frame at {@code in}'s position. Returns null, leaving the position unchanged, if
     * the bytes there are not a whole valid frame (end of data, torn write, or corruption).
     */
    static AcceptedShare decode(ByteBuffer in, CRC32C crc) {
        int start = in.position();
        if (in.remaining() < FRAME_HEADER) return null;
        int length = in.getInt(start);
        int expectedCrc = in.getInt(start + 4);
        if (length <= 0 || length > MAX_PAYLOAD || in.remaining() < FRAME_HEADER + length) return null;
        ByteBuffer payload = in.duplicate().position(start + FRAME_HEADER).limit(start + FRAME_HEADER + length);
        crc.reset();
        crc.update(payload.duplicate());
        if ((int) crc.getValue() != expectedCrc) return null;
        try {
            if (payload.get() != VERSION) return null;
            byte[] hash = new byte[32];
            payload.get(hash);
            long time = payload.getLong();
            String contract = getString(payload);
            String worker = getString(payload);
            String job = getString(payload);
            String target = getString(payload);
            double difficulty = Double.longBitsToDouble(payload.getLong());
            double achieved = Double.longBitsToDouble(payload.getLong());
            int bits = payload.getInt();
            long height = payload.getLong();
            boolean block = payload.get() != 0;
            if (payload.hasRemaining()) return null;
            in.position(start + FRAME_HEADER + length);
            return new AcceptedShare(hash, time, contract, worker, job, target, difficulty, achieved, bits, height, block);
        } catch (BufferUnderflowException | IllegalArgumentException malformed) {
            return null;
        }
    }

    private static String getString(ByteBuffer in) {
        int n = Short.toUnsignedInt(in.getShort());
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
