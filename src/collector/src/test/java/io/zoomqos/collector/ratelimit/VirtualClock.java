package io.zoomqos.collector.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A wall clock that reads a {@link VirtualTimeScheduler}: wall time = origin + virtual time
 * elapsed + the steps it was given (as NTP or an operator steps a real wall clock).
 */
final class VirtualClock extends Clock {

    private final Instant origin;
    private final VirtualTimeScheduler scheduler;
    private volatile long stepNanos;

    VirtualClock(Instant origin, VirtualTimeScheduler scheduler) {
        this.origin = origin;
        this.scheduler = scheduler;
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(scheduler.now(TimeUnit.NANOSECONDS) + stepNanos);
    }

    /** Steps the wall clock forward (positive) or back (negative); virtual time does not move. */
    void step(long nanos) {
        stepNanos += nanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
