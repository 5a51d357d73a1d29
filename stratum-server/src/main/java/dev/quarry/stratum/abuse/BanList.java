package dev.quarry.stratum.abuse;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Temporary bans of source addresses. Expired entries are removed lazily. */
public final class BanList {

    private final Map<InetAddress, Long> until = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public BanList(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public void ban(InetAddress address, long durationNanos) {
        until.put(address, nanoClock.getAsLong() + durationNanos);
    }

    public boolean isBanned(InetAddress address) {
        Long end = until.get(address);
        if (end == null) return false;
        if (nanoClock.getAsLong() - end >= 0) {
            until.remove(address, end);
            return false;
        }
        return true;
    }

    public void unban(InetAddress address) {
        until.remove(address);
    }
}
