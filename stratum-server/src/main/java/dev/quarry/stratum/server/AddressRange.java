package dev.quarry.stratum.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP address or CIDR block ("10.0.0.0/8", "::1", "fd00::/8"), for trusted PROXY-protocol senders. */
public record AddressRange(byte[] network, int prefixBits) {

    public static AddressRange parse(String spec) {
        String s = spec.trim();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw new IllegalArgumentException("not an IP address: " + spec);
        }
        byte[] addr;
        try {
            addr = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + spec);
        }
        int bits = addr.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length: " + spec);
            }
            if (bits < 0 || bits > addr.length * 8) throw new IllegalArgumentException("bad prefix length: " + spec);
        }
        return new AddressRange(addr, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) return false;
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
        int rest = prefixBits % 8;
        if (rest == 0) return true;
        int mask = 0xff << (8 - rest) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }
}
