package dev.quarry.api.routes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that ticks with the system clock from a chosen start, and that tests can move forward by hand. */
public final class MutableClock extends Clock {

    private final AtomicLong offset;

    public MutableClock(long startMillis) {
        this.offset = new AtomicLong(startMillis - System.currentTimeMillis());
    }

    public void advanceSeconds(long s) {
        offset.addAndGet(s * 1000);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offset.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
