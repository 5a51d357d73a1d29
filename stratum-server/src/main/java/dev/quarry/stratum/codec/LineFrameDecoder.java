package dev.quarry.stratum.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Splits the byte stream into lines on '\n' (a preceding '\r' is dropped) with a hard length
 * limit, and watches how long a partial line has been open.
 *
 * <p>Emits a retained {@link ByteBuf} slice per non-empty line. A line longer than
 * {@code maxLineBytes} produces one {@link BadLine} of kind OVERSIZED and the decoder stops
 * reading (the session closes the connection). A partial line that has been growing for longer
 * than {@code maxLineNanos} (slowloris: a few bytes every now and then, never a newline) produces
 * a SLOW_LINE {@link BadLine}; it is checked on every read, and total silence is left to the idle
 * timeout.
 */
public final class LineFrameDecoder extends ByteToMessageDecoder {

    private final int maxLineBytes;
    private final long maxLineNanos;
    private final LongSupplier nanoClock;

    private long partialSince = -1;
    private boolean failed;

    public LineFrameDecoder(int maxLineBytes, long maxLineNanos, LongSupplier nanoClock) {
        if (maxLineBytes < 64) throw new IllegalArgumentException("maxLineBytes too small: " + maxLineBytes);
        this.maxLineBytes = maxLineBytes;
        this.maxLineNanos = maxLineNanos;
        this.nanoClock = nanoClock;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        boolean consumedLine = false;
        while (in.isReadable()) {
            int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (eol < 0) break;
            int length = eol - in.readerIndex();
            if (length > maxLineBytes) {
                fail(in, out, BadLine.Kind.OVERSIZED, "line longer than " + maxLineBytes + " bytes");
                return;
            }
            int contentLength = length;
            if (contentLength > 0 && in.getByte(eol - 1) == '\r') contentLength--;
            ByteBuf line = contentLength > 0 && !isBlank(in, in.readerIndex(), contentLength)
                    ? in.retainedSlice(in.readerIndex(), contentLength) : null;
            in.readerIndex(eol + 1);
            consumedLine = true;
            if (line != null) out.add(line);
        }
        if (!in.isReadable()) {
            partialSince = -1;
            return;
        }
        if (in.readableBytes() > maxLineBytes) {
            fail(in, out, BadLine.Kind.OVERSIZED, "line longer than " + maxLineBytes + " bytes");
            return;
        }
        long now = nanoClock.getAsLong();
        // The clock runs per line: a partial line that follows a complete one starts fresh.
        if (partialSince < 0 || consumedLine) {
            partialSince = now;
        } else if (now - partialSince > maxLineNanos) {
            fail(in, out, BadLine.Kind.SLOW_LINE, "partial line open for too long");
        }
    }

    private void fail(ByteBuf in, List<Object> out, BadLine.Kind kind, String detail) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new BadLine(kind, "null", detail));
    }

    private static boolean isBlank(ByteBuf buf, int from, int length) {
        for (int i = from; i < from + length; i++) {
            byte b = buf.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r') return false;
        }
        return true;
    }
}
