package io.zoomqos.collector.ratelimit;

import java.util.Arrays;

/**
 * The per-second arithmetic of one account: GCRA (virtual scheduling, burst 1) plus an exact
 * sliding-second check over the last {@code floor(cap)} grants. Pure: no clock of its own, no
 * Reactor, no lock; every method takes "now" in nanoseconds of a monotonic clock, so a wall-clock
 * step can never open a window early (the caller owns the clock and the lock).
 *
 * <p>Why the ceiling is {@code floor(perSecond * (1 - headroom))}: the guarantee is counted in
 * whole requests in any sliding second. With permits spaced {@code 1/14.4 s} apart, 15 of them
 * fit into one second (14 gaps of 69.4 ms = 972 ms); spaced {@code ceil(1e9/14) ns} apart, 15
 * permits span more than a second, so no window (open or closed) ever holds more than 14. Below
 * one request per second the fractional rate is kept (one request per window at most anyway).
 */
final class SlidingWindowGcra {

    static final long SECOND = 1_000_000_000L;
    private static final long LONG_AGO = Long.MIN_VALUE / 4;

    private final double ceilingRate;
    private final long ceilingInterval;
    private final long lateness;
    /** The last {@code window.length} grant times, oldest at {@code next}. */
    private final long[] window;
    private int next;
    /** GCRA's theoretical arrival time: the earliest moment of the next grant. */
    private long tat = LONG_AGO;

    /** @param effectivePerSecond the cap minus headroom, in requests per second */
    SlidingWindowGcra(double effectivePerSecond) {
        // the epsilon keeps 10 * 0.9 = 8.999... from flooring to 8
        this.ceilingRate = effectivePerSecond >= 1.0 ? Math.floor(effectivePerSecond + 1e-9) : effectivePerSecond;
        this.ceilingInterval = (long) Math.ceil(SECOND / ceilingRate);
        this.lateness = ceilingInterval / 4;
        this.window = new long[Math.max(1, (int) Math.floor(ceilingRate))];
        Arrays.fill(window, LONG_AGO);
    }

    /** The most we ever pace at: the effective cap floored to whole requests (kept when below 1/s). */
    double ceilingRate() {
        return ceilingRate;
    }

    /** Nanoseconds between grants at {@code rate} per second, never closer than the ceiling allows. */
    long intervalAt(double rate) {
        return Math.max(ceilingInterval, (long) Math.ceil(SECOND / rate));
    }

    /** The earliest moment the next grant may happen: its GCRA time, and a second after the grant {@code floor(cap)} ago. */
    long dueAt() {
        return Math.max(tat, window[next] + SECOND + 1);
    }

    /**
     * Records a grant at {@code now} (which must be at or after {@link #dueAt()}) and schedules the
     * next one {@code interval} later. A grant that comes a little late (timer lateness, up to a
     * quarter interval) keeps the schedule, so real timers do not slowly lose rate; the
     * sliding-second check is what makes that catch-up unable to put one request too many into
     * any second.
     *
     * @return what {@link #giveBack} needs to undo it
     */
    Grant grant(long now, long interval) {
        Grant grant = new Grant(next, tat, window[next], now);
        tat = (now - tat <= lateness ? tat : now) + interval;
        window[next] = now;
        next = (next + 1) % window.length;
        return grant;
    }

    /**
     * Undoes a grant whose permit was not used, if nothing was granted since (its slot still
     * blocks everyone else); later grants keep it counted, which is only ever conservative.
     */
    void giveBack(Grant grant) {
        if (window[grant.slot] == grant.at && next == (grant.slot + 1) % window.length) {
            tat = grant.previousTat;
            window[grant.slot] = grant.previousTime;
            next = grant.slot;
        }
    }

    /** One recorded grant and what it replaced. */
    record Grant(int slot, long previousTat, long previousTime, long at) {
    }
}
