package io.zoomqos.collector.ratelimit;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Zoom's answers did to one account's budget: the pause every caller waits out, the rate
 * lowered by a per-second 429 (multiplicative decrease, additive recovery), and the exponential
 * backoffs of failures that a fixed pause would only repeat: a daily 429 whose {@code Retry-After}
 * has already passed (clock skew) or that comes back right after its pause, and credentials Zoom
 * refuses. Pure arithmetic on monotonic nanoseconds; not thread-safe: the budget calls it under
 * its monitor.
 *
 * <p>Answers of requests that were already in flight when a pause began arrive during that
 * pause: they extend it at most, they never escalate a backoff (one burst counts once). And while
 * such a failure lasts, the end of a pause lets one request through (a probe, as a circuit
 * breaker's half-open state does) and holds the others until its answer, so each backoff costs
 * one request, not one per waiting caller.
 */
final class Throttle {

    private static final Logger log = LoggerFactory.getLogger(Throttle.class);
    private static final long SECOND = SlidingWindowGcra.SECOND;
    private static final long NOT_PAUSED = Long.MIN_VALUE;
    /** How long a probe without an answer (cancelled, or lost to a transport error) holds the others. */
    private static final long PROBE_TIMEOUT = 30 * SECOND;

    private final String accountId;
    private final BudgetProperties tuning;
    private final double ceilingRate;
    private long pausedUntil = NOT_PAUSED;
    private long probeHeldUntil = NOT_PAUSED;
    private boolean lowered;
    private double loweredRate;
    private long recoveryStart;
    /** Daily 429s since the last normal answer after a pause; 0 when none. */
    private int dailyStreak;
    private int dailyBackoffs;
    private int failures;
    private @Nullable AccountFailure failing;

    Throttle(String accountId, BudgetProperties tuning, double ceilingRate) {
        this.accountId = accountId;
        this.tuning = tuning;
        this.ceilingRate = ceilingRate;
    }

    /** The end of the pause Zoom's answers asked for. */
    long pausedUntil() {
        return pausedUntil;
    }

    /** Nothing is granted before this moment: the pause, or a probe still waiting for its answer. */
    long blockedUntil() {
        return Math.max(pausedUntil, probeHeldUntil);
    }

    /** A permit was used at {@code now}: while a failure lasts, it is the probe the others wait for. */
    void granted(long now) {
        if (failing != null || dailyStreak > 0) {
            probeHeldUntil = now + PROBE_TIMEOUT;
        }
    }

    boolean paused(long now) {
        return now < pausedUntil;
    }

    /** The ceiling, or the rate lowered by a per-second 429 while it recovers additively. */
    double perSecondRate(long now) {
        if (!lowered) {
            return ceilingRate;
        }
        double recovered = loweredRate + tuning.recoveryStep() * Math.max(0, now - recoveryStart) / SECOND;
        if (recovered >= ceilingRate) {
            lowered = false;
            return ceilingRate;
        }
        return recovered;
    }

    void perSecondExceeded(long now) {
        probeHeldUntil = NOT_PAUSED;
        long until = now + tuning.perSecondPause().toNanos();
        if (paused(now)) {
            // another answer from the same burst: the rate is already lowered once for it
            pausedUntil = Math.max(pausedUntil, until);
            return;
        }
        double before = perSecondRate(now);
        loweredRate = Math.max(before * tuning.rateDecrease(), Math.min(1.0, ceilingRate));
        lowered = true;
        pausedUntil = until;
        recoveryStart = pausedUntil;
        log.warn("zoom per-second limit hit account={} pausedFor={} rateBefore={} rateAfter={}",
                accountId, tuning.perSecondPause(), before, loweredRate);
    }

    /**
     * A daily 429. Zoom's {@code Retry-After} (or the next 00:00 UTC) is trusted once; when it has
     * already passed, or the same limit answers again right after the pause, retrying at the paced
     * rate would only burn requests: the pause then backs off exponentially from
     * {@code backoff-first} to {@code daily-backoff-max}.
     *
     * @param retryAt Zoom's retry moment on the monotonic clock (may be in the past)
     * @return the pause's end
     */
    long dailyExceeded(long now, long retryAt) {
        probeHeldUntil = NOT_PAUSED;
        if (paused(now) && dailyStreak > 0) {
            pausedUntil = Math.max(pausedUntil, retryAt);
            return pausedUntil;
        }
        boolean retryWouldRepeat = retryAt <= now || dailyStreak > 0;
        dailyStreak++;
        long until = retryAt;
        if (retryWouldRepeat) {
            dailyBackoffs++;
            until = Math.max(retryAt, now + backoff(dailyBackoffs, tuning.dailyBackoffMax()));
        }
        pausedUntil = Math.max(pausedUntil, until);
        return pausedUntil;
    }

    /**
     * A normal answer. Only one to a request sent after the pause ends a daily streak: answers of
     * requests sent before the 429 still arrive during it and prove nothing about the limit.
     */
    void answered(long now) {
        if (failing == null) {
            // while failing, only the probe's verdict (succeeded or failed) lets the others go:
            // a 401 is an answer too, and the exchange reports it before it reports the failure
            probeHeldUntil = NOT_PAUSED;
        }
        if (!paused(now)) {
            dailyStreak = 0;
            dailyBackoffs = 0;
        }
    }

    /**
     * Zoom refused the account's credentials: pause with exponential backoff from
     * {@code backoff-first} to {@code unauthorized-backoff-max}, so a revoked app costs a request
     * (and a token request) per backoff instead of the account's full rate.
     *
     * @return whether the failing state changed (entered, or a different reason): log it then
     */
    boolean failed(AccountFailure failure, long now) {
        probeHeldUntil = NOT_PAUSED;
        boolean changed = failing != failure;
        if (!(paused(now) && failing != null)) {
            failures++;
            pausedUntil = Math.max(pausedUntil, now + backoff(failures, tuning.unauthorizedBackoffMax()));
        }
        failing = failure;
        return changed;
    }

    /** @return whether the account was failing until now (log the recovery then) */
    boolean succeeded() {
        probeHeldUntil = NOT_PAUSED;
        if (failing == null) {
            return false;
        }
        failing = null;
        failures = 0;
        return true;
    }

    @Nullable AccountFailure failing() {
        return failing;
    }

    /** {@code backoff-first * 2^(n-1)}, at most {@code max}. */
    private long backoff(int n, Duration max) {
        long first = tuning.backoffFirst().toNanos();
        int doublings = Math.min(n - 1, 40);
        long nanos = first > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : first << doublings;
        return Math.min(nanos, max.toNanos());
    }
}
