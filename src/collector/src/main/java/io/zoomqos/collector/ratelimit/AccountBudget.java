package io.zoomqos.collector.ratelimit;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The one gate every Heavy Zoom call of one account passes, from every caller.
 *
 * <p>Contract (the implementation's tests prove each point):
 * <ul>
 *   <li>never more requests started than the effective per-second cap in any sliding 1-second
 *       window, and the daily quota paced until 00:00 UTC (normal calls by the live horizon,
 *       sweeps as fast as the per-second cap allows while quota is left);</li>
 *   <li>waiting callers are served in arrival order; cancelling before the grant gives the place
 *       back and consumes nothing; nothing blocks a thread;</li>
 *   <li>server signals ({@link #record(RateLimitSignal)}) override local arithmetic.</li>
 * </ul>
 */
public interface AccountBudget {

    String accountId();

    /**
     * Completes (empty) when one request may start now; that request is then counted as spent.
     * Each subscription asks for its own permit, so {@code acquire().then(Mono.defer(call))}
     * re-acquires on every retry.
     */
    Mono<Void> acquire();

    /**
     * As {@link #acquire()} for the given priority: {@link Priority#SWEEP} may use the daily
     * reserve and is served before waiting normal calls. {@link #acquire()} means NORMAL.
     * (Default for implementations that have no priorities, such as test fakes.)
     */
    default Mono<Void> acquire(Priority priority) {
        return acquire();
    }

    /** Feedback from a Zoom response: 429s and rate-limit headers. */
    void record(RateLimitSignal signal);

    /**
     * Zoom refused the account's credentials for good (a 401 that a fresh token did not cure, or
     * the OAuth host refusing the client id/secret): pauses the account with exponential backoff
     * and shows it as failing, until {@link #recordSuccess()}.
     */
    void recordFailure(AccountFailure failure);

    /** Zoom served a request of the account (any answer but 401): clears a failing state. */
    void recordSuccess();

    /** Why Zoom refuses the account now; null while it serves it. */
    @Nullable AccountFailure failing();

    /**
     * Adopts the day's spend recorded by other replicas (called when this replica starts driving
     * the account). No-op where nothing is shared, e.g. test fakes.
     */
    default Mono<Void> resync() {
        return Mono.empty();
    }

    /**
     * Keeps at least {@code calls} of today's remaining quota for sweeps (the sweep forecast,
     * computed by the polling side); the configured reserve fraction stays the floor. No-op
     * where nothing is reserved, e.g. test fakes.
     */
    default void reserveForSweeps(long calls) {
    }

    /**
     * Spreads normal calls' share of today's quota (what the reserve leaves) until {@code until}
     * instead of evenly until 00:00 UTC: the polling side's forecast of when the live demand would
     * spend it ({@code SweepForecast#livePaceUntil}). A moment past or after midnight means 00:00
     * UTC. No-op where nothing is paced, e.g. test fakes.
     */
    default void paceLive(java.time.Instant until) {
    }

    /** A snapshot for {@code /api/v1/budget}, metrics and the live feed. */
    BudgetStatus status();
}
