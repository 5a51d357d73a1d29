package dev.quarry.stratum.session;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The miner's address as a channel attribute: the socket peer, or the original client behind a trusted PROXY-protocol sender. */
public final class ClientAddress {

    public static final AttributeKey<InetAddress> KEY = AttributeKey.valueOf("quarry.clientAddress");

    private ClientAddress() {
    }

    public static InetAddress of(Channel ch) {
        InetAddress a = ch.attr(KEY).get();
        if (a != null) return a;
        return ch.remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }
}
