package dev.quarry.stratum.server;

import dev.quarry.stratum.metrics.StratumMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every pipeline: whatever reaches it (an exception or a message nobody
 * consumed) is counted and the connection closed, so nothing ends up in Netty's
 * "an exceptionCaught() event was fired... reached the tail" warning.
 */
@ChannelHandler.Sharable
final class LastResortHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(LastResortHandler.class);
    private final StratumMetrics metrics;

    LastResortHandler(StratumMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        metrics.unexpectedException();
        log.debug("closing {} after {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ReferenceCountUtil.release(evt);
    }
}
