package dev.quarry.stratum.abuse;

import dev.quarry.stratum.metrics.StratumMetrics;
import dev.quarry.stratum.session.ClientAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.net.InetAddress;

/**
 * Admits a connection once its client address is known (at connect, or after a trusted PROXY
 * header): banned addresses and addresses over their connection limits are closed at once and
 * counted. Pairs every admission with a release when the connection ends. While the connection
 * lives, it is tracked by the server's {@link IdleSweep}, and every read is noted for it: a
 * connection silent for the idle timeout gets the idle event from this handler's position.
 */
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    private final BanList bans;
    private final ConnectionLimiter limiter;
    private final StratumMetrics metrics;
    private final String port;
    private final boolean waitForProxyHeader;
    private final Class<?> addressResolvedEvent;
    private final IdleSweep idle;
    private IdleSweep.Tracked tracked;
    private InetAddress admitted;
    private boolean counted;

    /**
     * @param waitForProxyHeader   true when a PROXY header may still change the client address
     * @param addressResolvedEvent the user-event class announcing the final client address
     * @param port                 name of the Stratum port (the connections gauge's label)
     */
    public ConnectionGuard(BanList bans, ConnectionLimiter limiter, StratumMetrics metrics, boolean waitForProxyHeader, Class<?> addressResolvedEvent,
                           String port, IdleSweep idle) {
        this.idle = idle;
        this.port = port;
        this.bans = bans;
        this.limiter = limiter;
        this.metrics = metrics;
        this.waitForProxyHeader = waitForProxyHeader;
        this.addressResolvedEvent = addressResolvedEvent;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        metrics.connectionOpened(port);
        counted = true;
        tracked = idle.add(ctx);
        if (!waitForProxyHeader) admit(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tracked != null) tracked.markRead();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (addressResolvedEvent != null && addressResolvedEvent.isInstance(evt)) {
            if (admitted == null) admit(ctx);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void admit(ChannelHandlerContext ctx) {
        InetAddress address = ClientAddress.of(ctx.channel());
        if (address == null) return;
        if (bans.isBanned(address)) {
            metrics.disconnect("banned");
            ctx.close();
            return;
        }
        ConnectionLimiter.Admission a = limiter.tryOpen(address);
        if (a != ConnectionLimiter.Admission.ADMITTED) {
            metrics.disconnect(a == ConnectionLimiter.Admission.TOO_MANY_CONCURRENT ? "too_many_connections" : "connect_rate");
            ctx.close();
            return;
        }
        admitted = address;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        idle.remove(tracked);
        tracked = null;
        if (admitted != null) limiter.closed(admitted);
        admitted = null;
        if (counted) metrics.connectionClosed(port);
        counted = false;
        super.channelInactive(ctx);
    }
}
