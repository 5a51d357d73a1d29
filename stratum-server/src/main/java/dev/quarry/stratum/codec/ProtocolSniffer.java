package dev.quarry.stratum.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Looks at the first bytes of a plain-port connection once, to turn away clients that speak
 * another protocol before they reach the JSON decoder:
 * <ul>
 *   <li>a TLS handshake record (0x16 0x03 ..): the client thinks this is the stratum+ssl port.
 *       Closed at once (we cannot answer in TLS here).</li>
 *   <li>an HTTP request line (GET, POST, HEAD, PUT, DELETE, OPTIONS, CONNECT, PATCH, TRACE):
 *       answered with {@code HTTP/1.1 400 Bad Request} and closed.</li>
 * </ul>
 * Anything else passes through unchanged and this handler removes itself.
 */
public final class ProtocolSniffer extends ByteToMessageDecoder {

    private static final String[] HTTP_METHODS = {"GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "CONNECT ", "PATCH ", "TRACE "};
    private static final int NEEDED = 8;
    private static final byte[] HTTP_REPLY = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n"
            + "Content-Length: 45\r\n\r\nThis is a Stratum V1 port (stratum+tcp://).\r\n").getBytes(StandardCharsets.US_ASCII);

    /** What was detected, for counting. */
    public enum Foreign { TLS, HTTP }

    private final Consumer<Foreign> onForeign;

    public ProtocolSniffer(Consumer<Foreign> onForeign) {
        this.onForeign = onForeign;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = in.readableBytes();
        int start = in.readerIndex();
        byte first = in.getByte(start);
        if (first == '{') {
            done(ctx);
            return;
        }
        if (first == 0x16 && (n < 2 || in.getByte(start + 1) == 0x03)) {
            if (n < 2) return;
            in.skipBytes(n);
            onForeign.accept(Foreign.TLS);
            ctx.close();
            return;
        }
        String head = in.toString(start, Math.min(n, NEEDED), StandardCharsets.ISO_8859_1);
        boolean couldBeHttp = false;
        for (String m : HTTP_METHODS) {
            if (head.startsWith(m)) {
                in.skipBytes(n);
                onForeign.accept(Foreign.HTTP);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(HTTP_REPLY)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (m.startsWith(head)) couldBeHttp = true;
        }
        if (couldBeHttp && n < NEEDED) return;
        done(ctx);
    }

    private void done(ChannelHandlerContext ctx) {
        // Removing a ByteToMessageDecoder hands the bytes it holds to the next handler.
        ctx.pipeline().remove(this);
    }
}
