package dev.quarry.simulate;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hosts the simulator may connect to: loopback always (127.0.0.0/8, ::1, localhost), any
 * other host only when the operator named it explicitly. A load generator pointed at someone
 * else's pool by a typo is a denial-of-service tool, so the check is on the literal host string
 * and never resolves names.
 */
public final class HostPolicy {

    private final Set<String> allowed;

    public HostPolicy(Set<String> explicitlyAllowed) {
        this.allowed = explicitlyAllowed.stream().map(HostPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    public boolean permits(String host) {
        if (host == null) return false;
        String h = normalize(host);
        return isLoopback(h) || allowed.contains(h);
    }

    /** Throws with a message that tells the operator how to allow the host. */
    public void check(String host) {
        if (!permits(host)) {
            throw new IllegalArgumentException("refusing to connect to non-loopback host '" + host
                    + "': pass --allow-host " + host + " if you operate that pool");
        }
    }

    static boolean isLoopback(String h) {
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) return true;
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    private static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h;
    }
}
