package dev.quarry.stratum.server;

import dev.quarry.stratum.vardiff.DifficultyPolicy;
import io.netty.handler.ssl.SslContext;

import java.util.List;

/**
 * One listening port.
 *
 * @param name            label for logs ("main", "nicehash", "ssl")
 * @param bindAddresses   addresses to bind, e.g. ["0.0.0.0", "::"] or ["127.0.0.1", "::1"]
 * @param port            TCP port (0 = any free port, for tests)
 * @param difficulty      starting difficulty, bounds, vardiff or static
 * @param extranonce2Size bytes of extranonce2 (2..16)
 * @param tls             server TLS context for a stratum+ssl port, or null for plain TCP
 * @param proxyProtocol   accept a PROXY protocol v1/v2 header from {@code trustedProxies}
 * @param trustedProxies  IPs/CIDRs allowed to send a PROXY header (others are treated as miners)
 */
public record PortConfig(String name, List<String> bindAddresses, int port, DifficultyPolicy difficulty, int extranonce2Size,
                         SslContext tls, boolean proxyProtocol, List<String> trustedProxies) {

    public PortConfig {
        bindAddresses = List.copyOf(bindAddresses);
        trustedProxies = List.copyOf(trustedProxies);
        if (bindAddresses.isEmpty()) throw new IllegalArgumentException("port " + name + " needs at least one bind address");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("bad port " + port);
        if (tls != null && !tls.isServer()) throw new IllegalArgumentException("tls must be a server context");
        trustedProxies.forEach(AddressRange::parse);
    }

    /** A plain port without TLS or PROXY protocol. */
    public static PortConfig plain(String name, List<String> bindAddresses, int port, DifficultyPolicy difficulty, int extranonce2Size) {
        return new PortConfig(name, bindAddresses, port, difficulty, extranonce2Size, null, false, List.of());
    }

    public PortConfig withTls(SslContext context) {
        return new PortConfig(name, bindAddresses, port, difficulty, extranonce2Size, context, proxyProtocol, trustedProxies);
    }

    /**
     * A server TLS context from PEM files (certificate chain, PKCS#8 private key), for a
     * stratum+ssl port: {@code port.withTls(PortConfig.tlsFromPem(cert, key))}.
     */
    public static SslContext tlsFromPem(java.nio.file.Path certificateChain, java.nio.file.Path privateKey) throws javax.net.ssl.SSLException {
        return io.netty.handler.ssl.SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile()).build();
    }

    public PortConfig withProxyProtocol(List<String> trusted) {
        return new PortConfig(name, bindAddresses, port, difficulty, extranonce2Size, tls, true, trusted);
    }
}
