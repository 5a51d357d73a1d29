package dev.quarry.stratum.server;

import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.abuse.ConnectionGuard;
import dev.quarry.stratum.abuse.IdleSweep;
import dev.quarry.stratum.abuse.ConnectionLimiter;
import dev.quarry.stratum.codec.JsonRpcDecoder;
import dev.quarry.stratum.codec.LineFrameDecoder;
import dev.quarry.stratum.codec.ProtocolSniffer;
import dev.quarry.stratum.session.SessionServices;
import dev.quarry.stratum.session.SessionSettings;
import dev.quarry.stratum.session.StratumSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Pipeline of one connection, inbound order:
 * [PROXY header, trusted senders only] → [TLS, ssl ports] → connection guard → idle timeout →
 * protocol sniffer (TLS/HTTP on a plain port) → line framing → JSON-RPC decoding → session →
 * last-resort handler.
 */
final class StratumChannelInitializer extends ChannelInitializer<Channel> {

    private final PortConfig port;
    private final List<AddressRange> trusted;
    private final SessionServices services;
    private final SessionSettings settings;
    private final ConnectionLimiter limiter;
    private final LastResortHandler lastResort;
    private final IdleSweep idle;

    StratumChannelInitializer(PortConfig port, SessionServices services, ConnectionLimiter limiter) {
        this.port = port;
        this.trusted = port.trustedProxies().stream().map(AddressRange::parse).toList();
        this.services = services;
        this.settings = new SessionSettings(port.name(), port.difficulty(), port.extranonce2Size());
        this.limiter = limiter;
        this.lastResort = new LastResortHandler(services.metrics());
        this.idle = new IdleSweep(services.abuse().idleTimeout().toNanos(), System::nanoTime);
    }

    @Override
    protected void initChannel(Channel ch) {
        AbuseConfig abuse = services.abuse();
        ChannelPipeline p = ch.pipeline();
        boolean proxied = port.proxyProtocol() && fromTrustedProxy(ch);
        if (proxied) p.addLast("proxy-detect", new ProxyProtocolDetector(services.metrics()));
        if (port.tls() != null) p.addLast("tls", port.tls().newHandler(ch.alloc()));
        p.addLast("guard", new ConnectionGuard(services.bans(), limiter, services.metrics(), proxied, ProxyProtocolDetector.ClientAddressResolved.class,
                port.name(), idle));
        if (port.tls() == null) {
            p.addLast("sniff", new ProtocolSniffer(foreign -> {
                services.metrics().protocolError(foreign == ProtocolSniffer.Foreign.TLS ? "tls_on_plain_port" : "http_request");
                services.metrics().disconnect(foreign == ProtocolSniffer.Foreign.TLS ? "tls_on_plain_port" : "http_request");
            }));
        }
        p.addLast("lines", new LineFrameDecoder(abuse.maxLineBytes(), abuse.maxLineTime().toNanos(), System::nanoTime));
        p.addLast("json", new JsonRpcDecoder());
        p.addLast("session", new StratumSession(services, settings));
        p.addLast("last", lastResort);
    }

    private boolean fromTrustedProxy(Channel ch) {
        if (!(ch.remoteAddress() instanceof InetSocketAddress isa) || isa.getAddress() == null) return false;
        for (AddressRange r : trusted) if (r.contains(isa.getAddress())) return true;
        return false;
    }
}
