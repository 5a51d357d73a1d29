package dev.quarry.simulate;

import java.util.Locale;

/** A parsed {@code stratum+tcp://host:port} address. */
public record StratumUrl(String host, int port) {

    public StratumUrl {
        if (host == null || host.isEmpty()) throw new IllegalArgumentException("stratum URL has no host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("stratum URL port out of range 1..65535: " + port);
    }

    /** Accepts {@code stratum+tcp://host:port}, {@code tcp://host:port} or bare {@code host:port}; IPv6 as {@code [::1]:port}. */
    public static StratumUrl parse(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("stratum URL is empty");
        String rest = url.trim();
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            String s = rest.substring(0, scheme).toLowerCase(Locale.ROOT);
            if (!s.equals("stratum+tcp") && !s.equals("tcp")) {
                throw new IllegalArgumentException("unsupported scheme '" + s + "' (only stratum+tcp)");
            }
            rest = rest.substring(scheme + 3);
        }
        if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
        String host;
        String portText;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("stratum URL needs [ipv6]:port: " + url);
            }
            host = rest.substring(1, close);
            portText = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("stratum URL needs host:port: " + url);
            host = rest.substring(0, colon);
            portText = rest.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stratum URL port is not a number: '" + portText + "'");
        }
        return new StratumUrl(host, port);
    }

    @Override
    public String toString() {
        return "stratum+tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
