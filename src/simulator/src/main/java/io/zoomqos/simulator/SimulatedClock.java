package io.zoomqos.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time: {@code origin + (real elapsed) * scale}. Meeting schedules, QoS minutes, page
 * token expiry and the daily reset follow it; the per-second limit and OAuth tokens use the real
 * clock it is built on. A test drives it by advancing the real clock it was given.
 */
public final class SimulatedClock extends Clock {

    private final Clock real;
    private final Instant realOrigin;
    private final Instant origin;
    private final double scale;

    public SimulatedClock(Clock real, Instant origin, double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("time scale must be positive");
        }
        this.real = real;
        this.realOrigin = real.instant();
        this.origin = origin;
        this.scale = scale;
    }

    /** Simulated instant at which the simulation began. */
    public Instant origin() {
        return origin;
    }

    public double scale() {
        return scale;
    }

    /** The wall clock underneath. */
    public Clock real() {
        return real;
    }

    @Override
    public Instant instant() {
        Duration elapsed = Duration.between(realOrigin, real.instant());
        if (scale == 1.0) {
            return origin.plus(elapsed);
        }
        // Nanosecond precision would overflow a long after ~292 years / scale; micros are plenty.
        long micros = elapsed.getSeconds() * 1_000_000L + elapsed.getNano() / 1_000;
        return origin.plus(Duration.ofNanos(Math.round(micros * scale) * 1_000L));
    }

    /** Real time that passes while {@code simulated} passes on this clock. */
    public Duration toReal(Duration simulated) {
        return Duration.ofNanos(Math.round(simulated.toNanos() / scale));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("the simulator clock is UTC only");
    }
}
