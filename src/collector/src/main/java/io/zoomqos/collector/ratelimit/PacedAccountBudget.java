package io.zoomqos.collector.ratelimit;

import io.zoomqos.collector.config.ZoomProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The budget of one account. Grants a permit when three parts agree: the per-second arithmetic
 * ({@link SlidingWindowGcra}, at an interval set by the paced ceiling or the rate a per-second
 * 429 lowered), the {@link DailyPacing} (normal calls on a spacing of their own at its rate, so
 * that it never delays a sweep), and no {@link Throttle} pause.
 * Waiters queue in a {@link WaitingQueue}; one timer on the injected {@link Scheduler} wakes the
 * queue when the next permit is due. No thread ever waits: all state changes happen under a
 * short monitor.
 *
 * <p>Two clocks, each for what it can answer: the per-second window and every pause run on a
 * monotonic clock ({@link System#nanoTime()} in production), so a wall-clock step forward or
 * back can neither let a second burst through nor end a pause early; the UTC day, the daily
 * pacing and Zoom's {@code Retry-After} instants are wall-clock notions and read the injected
 * {@link Clock}.
 */
public final class PacedAccountBudget implements AccountBudget {

    private static final Logger log = LoggerFactory.getLogger(PacedAccountBudget.class);
    private static final long SECOND = SlidingWindowGcra.SECOND;
    private static final long NEVER = Long.MAX_VALUE;
    /** A Retry-After further away than this is not believed (a parsing or clock error): safe default. */
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(2);

    private final String accountId;
    private final ZoomProperties.Budget limits;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final long origin;
    private final Scheduler scheduler;
    private final SpendLedger ledger;

    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong throttledPerSecond = new AtomicLong();
    private final AtomicLong throttledDaily = new AtomicLong();

    // Everything below is guarded by "this".
    private final SlidingWindowGcra window;
    private final WaitingQueue queue = new WaitingQueue();
    private final DailyPacing daily;
    private final Throttle throttle;
    private boolean ready;
    private @Nullable Disposable timer;
    private long timerAt = NEVER;
    private long timerGeneration;
    /** The earliest moment of the next normal grant: the daily pacing's spacing (monotonic). */
    private long normalDue = Long.MIN_VALUE / 2;

    /**
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; in tests the
     *        virtual scheduler's time)
     */
    PacedAccountBudget(String accountId, ZoomProperties.Budget limits, BudgetProperties tuning,
                       Clock clock, LongSupplier nanoTime, Scheduler scheduler, SpendLedger ledger) {
        this.accountId = accountId;
        this.limits = limits;
        this.clock = clock;
        this.nanoTime = nanoTime;
        // counted from here, so that "long ago" sentinels never meet the raw clock's arbitrary origin
        this.origin = nanoTime.getAsLong();
        this.scheduler = scheduler;
        this.ledger = ledger;
        this.window = new SlidingWindowGcra(limits.effectivePerSecond());
        this.daily = new DailyPacing(accountId, limits, wall());
        this.throttle = new Throttle(accountId, tuning, window.ceilingRate());
    }

    /**
     * A budget that keeps its count in memory only, ready at once, on the system's clocks: for
     * tools such as the benchmarks.
     */
    public static PacedAccountBudget inMemory(String accountId, ZoomProperties.Budget limits,
                                              BudgetProperties tuning, Scheduler scheduler) {
        PacedAccountBudget budget = new PacedAccountBudget(accountId, limits, tuning, Clock.systemUTC(),
                System::nanoTime, scheduler, SpendLedger.NONE);
        budget.start().subscribe();
        return budget;
    }

    /**
     * The same on a wall clock of the caller's and the scheduler's own time as the monotonic
     * clock: for simulations in virtual time (the day harness).
     */
    public static PacedAccountBudget inMemory(String accountId, ZoomProperties.Budget limits,
                                              BudgetProperties tuning, Clock wallClock, Scheduler scheduler) {
        PacedAccountBudget budget = new PacedAccountBudget(accountId, limits, tuning, wallClock,
                () -> scheduler.now(java.util.concurrent.TimeUnit.NANOSECONDS), scheduler, SpendLedger.NONE);
        budget.start().subscribe();
        return budget;
    }

    @Override
    public String accountId() {
        return accountId;
    }

    // ------------------------------------------------------------------ permits

    @Override
    public Mono<Void> acquire() {
        return acquire(Priority.NORMAL);
    }

    @Override
    public Mono<Void> acquire(Priority priority) {
        return Mono.create(sink -> {
            WaitingQueue.Waiter waiter = new WaitingQueue.Waiter(priority, sink::success);
            sink.onCancel(() -> cancel(waiter));
            synchronized (this) {
                queue.add(waiter);
            }
            drain();
        });
    }

    private void cancel(WaitingQueue.Waiter waiter) {
        if (waiter.cancel()) {
            synchronized (this) {
                queue.remove(waiter);
            }
            // the cancelled waiter may have been the head that armed the timer: the next one may go now
            drain();
        }
    }

    /**
     * Grants at most one permit per pass: the head waiter gets it when no pause holds, its
     * priority has quota left, and the window says the next grant is due; otherwise the timer is
     * armed for that moment. Completing the caller runs outside the monitor; a waiter cancelled
     * meanwhile gives the slot back, so nothing is counted for it.
     */
    private void drain() {
        while (true) {
            WaitingQueue.Waiter head;
            SlidingWindowGcra.Grant grant;
            long grantWall;
            long normalDueBefore;
            long normalDueSet;
            synchronized (this) {
                long now = now();
                long wall = wall();
                daily.roll(wall);
                if (!ready) {
                    return;
                }
                if (now < throttle.blockedUntil()) {
                    arm(throttle.blockedUntil(), now);
                    return;
                }
                head = queue.head();
                if (head == null) {
                    return;
                }
                double perSecond = throttle.perSecondRate(now);
                double dailyRate = daily.rate(wall, head.priority());
                if (dailyRate <= 0) {
                    // out of quota for this priority until 00:00 UTC
                    arm(now + Math.max(0, DailyPacing.nextReset(wall) - wall), now);
                    return;
                }
                boolean normal = head.priority() == Priority.NORMAL;
                long due = normal ? Math.max(window.dueAt(), normalDue) : window.dueAt();
                if (now < due) {
                    arm(due, now);
                    return;
                }
                queue.removeHead(head);
                // The window spaces every grant at the per-second rate; normal calls' daily pacing
                // has a schedule of its own, so a slow daily rate never holds up a sweep.
                grant = window.grant(now, window.intervalAt(perSecond));
                normalDueBefore = normalDue;
                if (normal) {
                    long interval = window.intervalAt(Math.min(perSecond, dailyRate));
                    normalDue = (now - normalDue <= interval / 4 ? normalDue : now) + interval;
                }
                normalDueSet = normalDue;
                grantWall = wall;
            }
            boolean used = head.grant();
            synchronized (this) {
                if (used) {
                    throttle.granted(grant.at());
                    daily.spend(grantWall);
                    granted.incrementAndGet();
                } else {
                    window.giveBack(grant);
                    if (normalDue == normalDueSet) {
                        // as the window: undone only if no normal grant came since
                        normalDue = normalDueBefore;
                    }
                }
            }
        }
    }

    private void arm(long at, long now) {
        if (timer != null && timerAt <= at) {
            return; // an earlier (or the same) wake-up is already armed; it re-evaluates everything
        }
        if (timer != null) {
            timer.dispose();
        }
        long generation = ++timerGeneration;
        timerAt = at;
        timer = scheduler.schedule(() -> onTimer(generation), Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private void onTimer(long generation) {
        synchronized (this) {
            if (generation != timerGeneration) {
                return; // replaced by an earlier wake-up
            }
            timer = null;
            timerAt = NEVER;
        }
        drain();
    }

    // ------------------------------------------------------------------ feedback

    @Override
    public void record(RateLimitSignal signal) {
        synchronized (this) {
            long now = now();
            long wall = wall();
            long atWall = signal.at() != null ? nanos(signal.at()) : wall;
            daily.roll(wall);
            switch (signal.kind()) {
                case PER_SECOND_EXCEEDED -> {
                    throttledPerSecond.incrementAndGet();
                    throttle.perSecondExceeded(now);
                }
                case DAILY_EXCEEDED -> {
                    throttledDaily.incrementAndGet();
                    long retryIn = signal.retryAfter() != null ? nanosUntil(signal.retryAfter(), wall)
                            : DailyPacing.nextReset(atWall) - wall;
                    long until = throttle.dailyExceeded(now, now + retryIn);
                    log.warn("zoom daily limit hit account={} pausedUntil={} retryAfterHeader={}",
                            accountId, instant(wall + until - now), signal.retryAfter());
                }
                case ANSWERED -> throttle.answered(now);
            }
            daily.correct(signal.dailyRemaining(), atWall);
        }
        drain();
    }

    @Override
    public void recordFailure(AccountFailure failure) {
        synchronized (this) {
            long now = now();
            if (throttle.failed(failure, now)) {
                // once per state change, not per call: a revoked app would otherwise flood the log
                log.error("zoom account failing account={} reason={} nextAttemptIn={}ms", accountId,
                        failure.reason(), (throttle.pausedUntil() - now) / 1_000_000);
            }
        }
        drain();
    }

    @Override
    public void recordSuccess() {
        synchronized (this) {
            if (throttle.failing() == null) {
                return;
            }
            if (throttle.succeeded()) {
                log.info("zoom account recovered account={}", accountId);
            }
        }
    }

    @Override
    public void reserveForSweeps(long calls) {
        synchronized (this) {
            daily.reserveForSweeps(calls);
        }
        drain(); // a smaller reserve may grant waiting normal calls now
    }

    @Override
    public void paceLive(Instant until) {
        synchronized (this) {
            daily.paceLiveUntil(nanos(until));
        }
        drain(); // an earlier horizon may grant waiting normal calls now
    }

    /** Zoom's {@code X-RateLimit-Remaining} describes another day than ours: see {@link DailyPacing#ignoreRemainingHeader()}. */
    synchronized void ignoreRemainingHeader() {
        daily.ignoreRemainingHeader();
    }

    // ------------------------------------------------------------------ status

    @Override
    public BudgetStatus status() {
        return detail().status();
    }

    /** The status plus the parts of the rate, for the budget endpoint. */
    synchronized Detail detail() {
        long now = now();
        long wall = wall();
        daily.roll(wall);
        double perSecond = throttle.perSecondRate(now);
        double dailyRate = daily.rate(wall, Priority.NORMAL);
        AccountFailure failing = throttle.failing();
        BudgetStatus status = new BudgetStatus(accountId, limits.perSecond(), limits.headroom(),
                limits.effectivePerSecond(), Math.min(perSecond, dailyRate), daily.quota(), daily.spent(),
                daily.remaining(), throttle.paused(now) ? instant(wall + throttle.pausedUntil() - now) : null,
                queue.size(), instant(DailyPacing.nextReset(wall)), failing == null ? null : failing.reason());
        return new Detail(status, window.ceilingRate(), perSecond, dailyRate, daily.reserve(wall));
    }

    /**
     * @param pacedCeiling the most we ever pace at (the effective cap, floored to whole requests)
     * @param perSecondRate the per-second side now (the ceiling, or lower while recovering from a 429)
     * @param dailyRate normal calls' share of the remaining quota over the time to the live horizon
     * @param reserve requests kept for sweeps
     */
    record Detail(BudgetStatus status, double pacedCeiling, double perSecondRate, double dailyRate, long reserve) {
    }

    long granted() {
        return granted.get();
    }

    long throttled(RateLimitSignal.Kind kind) {
        return kind == RateLimitSignal.Kind.DAILY_EXCEEDED ? throttledDaily.get() : throttledPerSecond.get();
    }

    @Override
    public synchronized @Nullable AccountFailure failing() {
        return throttle.failing();
    }

    // ------------------------------------------------------------------ persistence

    /** Loads today's spent count, then opens the gate. Never fails. */
    Mono<Void> start() {
        LocalDate loading;
        synchronized (this) {
            loading = daily.day();
        }
        return ledger.spent(accountId, loading)
                .onErrorResume(e -> {
                    // Fail open: not polling at all would lose the QoS we exist for, and Zoom's
                    // X-RateLimit-Remaining and daily 429 still stop us if we overspend.
                    log.warn("budget load failed account={} error={}", accountId, e.toString());
                    return Mono.just(0L);
                })
                .doOnNext(loaded -> {
                    synchronized (this) {
                        daily.load(loading, loaded);
                        ready = true;
                    }
                    log.info("budget ready account={} day={} spentToday={}", accountId, loading, loaded);
                    drain();
                })
                .then();
    }

    /**
     * Catches up with what other replicas spent today, for a replica that has just taken over the
     * account: writes our own increments, then adopts the stored total if it is higher. Never fails.
     */
    @Override
    public Mono<Void> resync() {
        return flush()
                .then(Mono.defer(() -> {
                    LocalDate today;
                    synchronized (this) {
                        today = daily.day();
                    }
                    return ledger.spent(accountId, today).doOnNext(total -> {
                        synchronized (this) {
                            daily.adopt(today, total);
                        }
                        drain();
                    });
                }))
                .onErrorResume(e -> {
                    log.warn("budget resync failed account={} error={}", accountId, e.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** Writes the counts granted since the last flush; failed increments are kept for the next one. */
    Mono<Void> flush() {
        Map<LocalDate, Long> batch;
        synchronized (this) {
            batch = daily.takeUnflushed();
        }
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(batch.entrySet())
                .concatMap(e -> ledger.add(accountId, e.getKey(), e.getValue())
                        .onErrorResume(error -> {
                            synchronized (this) {
                                daily.restore(e.getKey(), e.getValue());
                            }
                            log.warn("budget flush failed account={} day={} delta={} error={}",
                                    accountId, e.getKey(), e.getValue(), error.toString());
                            return Mono.empty();
                        }))
                .then();
    }

    // ------------------------------------------------------------------ time

    /** Monotonic nanoseconds since this budget was built. */
    private long now() {
        return nanoTime.getAsLong() - origin;
    }

    private long wall() {
        return nanos(clock.instant());
    }

    /** From {@code wall} to {@code at}, within ±2 days: a Retry-After further out is an error, not a plan. */
    private static long nanosUntil(Instant at, long wall) {
        Duration until = Duration.between(instant(wall), at);
        if (until.compareTo(LONGEST_RETRY_AFTER) > 0) {
            return LONGEST_RETRY_AFTER.toNanos();
        }
        if (until.compareTo(LONGEST_RETRY_AFTER.negated()) < 0) {
            return -LONGEST_RETRY_AFTER.toNanos();
        }
        return until.toNanos();
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * SECOND + instant.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, SECOND), Math.floorMod(nanos, SECOND));
    }
}
