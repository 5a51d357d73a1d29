package dev.quarry.stratum.server;

import dev.quarry.stratum.session.ClientAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import dev.quarry.stratum.metrics.StratumMetrics;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Installed only for connections from a trusted PROXY-protocol sender: if the stream starts with
 * a v1 or v2 header, it is decoded and the original client address becomes the connection's
 * {@link ClientAddress}; then {@link ClientAddressResolved} is fired so that bans and per-IP
 * limits apply to the real miner. A trusted host may also connect directly (no header).
 */
final class ProxyProtocolDetector extends ByteToMessageDecoder {

    /** User event: the client address is final (after a PROXY header, or when there was none). */
    static final class ClientAddressResolved {
        static final ClientAddressResolved INSTANCE = new ClientAddressResolved();
    }

    private final StratumMetrics metrics;

    ProxyProtocolDetector(StratumMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ProtocolDetectionResult<HAProxyProtocolVersion> r = HAProxyMessageDecoder.detectProtocol(in);
        if (r.state() == ProtocolDetectionState.NEEDS_MORE_DATA) return;
        if (r.state() == ProtocolDetectionState.DETECTED) {
            String name = ctx.name();
            ctx.pipeline().addAfter(name, "proxy-message", new ProxyMessageHandler(metrics));
            ctx.pipeline().addAfter(name, "proxy-decoder", new HAProxyMessageDecoder(true));
        } else {
            ctx.fireUserEventTriggered(ClientAddressResolved.INSTANCE);
        }
        ctx.pipeline().remove(this);
    }

    private static final class ProxyMessageHandler extends ChannelInboundHandlerAdapter {
        private final StratumMetrics metrics;

        ProxyMessageHandler(StratumMetrics metrics) {
            this.metrics = metrics;
        }

        /**
         * A header that starts like PROXY but does not parse (bad address, bad length, wrong v2
         * version...) closes the connection: nothing after it can be trusted to be framed right.
         * Counted as a protocol error and a disconnect of kind bad_proxy_header.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof HAProxyProtocolException || cause.getCause() instanceof HAProxyProtocolException) {
                metrics.protocolError("bad_proxy_header");
                metrics.disconnect("bad_proxy_header");
                ctx.close();
                return;
            }
            ctx.fireExceptionCaught(cause);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HAProxyMessage m) {
                try {
                    String source = m.sourceAddress();
                    if (source != null && !source.isEmpty()) {
                        try {
                            ctx.channel().attr(ClientAddress.KEY).set(InetAddress.getByName(source));
                        } catch (UnknownHostException e) {
                            // The decoder validated the address; a failure here leaves the proxy's own address in place.
                        }
                    }
                } finally {
                    m.release();
                }
                ctx.pipeline().remove(this);
                ctx.fireUserEventTriggered(ClientAddressResolved.INSTANCE);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
