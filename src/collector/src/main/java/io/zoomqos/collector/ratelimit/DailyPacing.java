package io.zoomqos.collector.ratelimit;

import io.zoomqos.collector.config.ZoomProperties;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily side of one account's budget: what was spent on the current UTC day, the rate that
 * spreads what is left until the live horizon or 00:00 UTC (normal calls leave the sweep reserve
 * alone; sweeps are not paced by time), and
 * the increments not yet written to the {@link SpendLedger}. Pure arithmetic on wall-clock
 * nanoseconds (the UTC day is a wall-clock notion); not thread-safe: the budget calls it under
 * its monitor.
 */
final class DailyPacing {

    private static final Logger log = LoggerFactory.getLogger(DailyPacing.class);
    private static final long SECOND = SlidingWindowGcra.SECOND;
    private static final long DAY = 86_400 * SECOND;
    private static final long SHORTEST_HORIZON = 60 * SECOND;

    private final String accountId;
    private final long quota;
    private final long reserve;
    /** The polling side's sweep forecast ({@link #reserveForSweeps}); the larger of it and {@link #reserve} applies. */
    private long forecastReserve;
    /** When normal calls' share should be spent by (wall nanos); 0: evenly until 00:00 UTC. */
    private long liveUntil;
    private final Map<LocalDate, Long> unflushed = new HashMap<>();
    private boolean remainingDescribesOurDay = true;
    private LocalDate day;
    private long spent;

    DailyPacing(String accountId, ZoomProperties.Budget limits, long wallNow) {
        this.accountId = accountId;
        this.quota = limits.daily();
        this.reserve = (long) Math.floor(limits.daily() * limits.sweepReserve());
        this.day = utcDay(wallNow);
    }

    /** Starts a new count when the UTC day changed (either way: the wall clock may step back). */
    void roll(long wallNow) {
        LocalDate today = utcDay(wallNow);
        if (!today.equals(day)) {
            log.info("budget day reset account={} day={} spentYesterday={}", accountId, today, spent);
            day = today;
            spent = 0;
            liveUntil = 0;
        }
    }

    /**
     * The daily side's rate for this priority; 0 when its quota is gone. Sweeps (and the live
     * polls that keep their interval, which take their priority) are not paced by time: what they
     * need is reserved, so they may go as fast as the per-second side allows while any quota is
     * left. Normal calls spread what the reserve leaves until the live horizon
     * ({@link #paceLiveUntil}: the polling side's forecast of when demand would spend it), or
     * evenly until 00:00 UTC without one. Idle time needs no bookkeeping: the same remaining over
     * less time gives a higher rate.
     */
    double rate(long wallNow, Priority priority) {
        long left = quota - spent - (priority == Priority.SWEEP ? 0 : reserve(wallNow));
        if (left <= 0) {
            return 0;
        }
        if (priority == Priority.SWEEP) {
            return Double.POSITIVE_INFINITY;
        }
        double secondsLeft = Math.max(1e-3, (liveEnd(wallNow) - wallNow) / (double) SECOND);
        return left / secondsLeft;
    }

    /**
     * Until when normal calls spread their share: the live horizon while it lies ahead (never
     * closer than a minute, never past 00:00 UTC), else 00:00 UTC. A horizon that has passed
     * (nobody renewed it) falls back to the even spread rather than letting the share go at once.
     */
    private long liveEnd(long wallNow) {
        long reset = nextReset(wallNow);
        if (liveUntil <= wallNow || liveUntil >= reset) {
            return reset;
        }
        return Math.min(reset, Math.max(liveUntil, wallNow + SHORTEST_HORIZON));
    }

    /** Counts one used permit, granted at {@code grantWall}, for its day and for the ledger. */
    void spend(long grantWall) {
        LocalDate grantDay = utcDay(grantWall);
        if (grantDay.equals(day)) {
            spent++;
        }
        unflushed.merge(grantDay, 1L, Long::sum);
    }

    /**
     * {@code X-RateLimit-Remaining} says how much of the day Zoom has left for the whole account.
     * We only ever raise our count to {@code quota - remaining}, never lower it: the header lags
     * behind the requests still in flight (and answers arrive out of order), so a lower figure is
     * usually stale and believing it would spend twice; a higher one means someone else (another
     * app on the account, another replica) spent too, which we must respect. Ignored when it
     * describes another UTC day than ours, or another kind of day altogether (see
     * {@link #ignoreRemainingHeader()}).
     */
    void correct(@Nullable Long remaining, long atWall) {
        if (remaining == null || !remainingDescribesOurDay || !utcDay(atWall).equals(day)) {
            return;
        }
        long zoomSpent = quota - Math.max(0, remaining);
        if (zoomSpent > spent) {
            unflushed.merge(day, zoomSpent - spent, Long::sum);
            log.info("budget corrected by zoom account={} localSpent={} zoomSpent={}", accountId, spent, zoomSpent);
            spent = zoomSpent;
        }
    }

    /**
     * For a simulator whose days run faster than ours: its {@code X-RateLimit-Remaining} counts its
     * own (simulated) day, while this budget paces the quotas of all the simulated days in a real
     * one ({@code ZoomAccounts}), so the header cannot correct this count.
     */
    void ignoreRemainingHeader() {
        remainingDescribesOurDay = false;
    }

    /** Adds what the ledger held for {@code loadedDay} at start, if that is still today. */
    void load(LocalDate loadedDay, long loaded) {
        if (day.equals(loadedDay)) {
            spent += loaded;
        }
    }

    /** Adopts the ledger's total for {@code storedDay} (other replicas' spend) when it is higher. */
    void adopt(LocalDate storedDay, long total) {
        if (day.equals(storedDay) && total > spent) {
            log.info("budget resynced account={} localSpent={} storedSpent={}", accountId, spent, total);
            spent = total;
        }
    }

    /** The increments to write now; the map is emptied (give failed ones back with {@link #restore}). */
    Map<LocalDate, Long> takeUnflushed() {
        Map<LocalDate, Long> batch = new HashMap<>(unflushed);
        unflushed.clear();
        return batch;
    }

    void restore(LocalDate utcDay, long delta) {
        unflushed.merge(utcDay, delta, Long::sum);
    }

    LocalDate day() {
        return day;
    }

    long quota() {
        return quota;
    }

    long spent() {
        return spent;
    }

    long remaining() {
        return Math.max(0, quota - spent);
    }

    /**
     * What normal calls leave alone today: the configured fraction of the quota for the part of
     * the day still to come (kept whole at 00:00, gone at midnight, so it is no quota left unused),
     * or the sweep forecast when larger.
     */
    long reserve(long wallNow) {
        double dayLeft = (nextReset(wallNow) - wallNow) / (double) DAY;
        return Math.max((long) Math.ceil(reserve * dayLeft), forecastReserve);
    }

    void reserveForSweeps(long calls) {
        forecastReserve = Math.max(0, calls);
    }

    /** Spreads normal calls' share until {@code wallNanos} instead of 00:00 UTC (see {@link #rate}). */
    void paceLiveUntil(long wallNanos) {
        liveUntil = wallNanos;
    }

    static LocalDate utcDay(long wallNanos) {
        return LocalDate.ofEpochDay(Math.floorDiv(wallNanos, DAY));
    }

    static long nextReset(long wallNanos) {
        return (Math.floorDiv(wallNanos, DAY) + 1) * DAY;
    }
}
