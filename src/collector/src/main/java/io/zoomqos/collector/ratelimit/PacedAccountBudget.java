package io.zoomqos.collector.ratelimit;

import io.zoomqos.collector.config.ZoomProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The budget of one account: a GCRA (virtual scheduling, burst 1) whose emission interval is the
 * largest of three: the per-second ceiling, the daily pacing, and the rate lowered by Zoom's
 * per-second 429s. Waiters queue per priority (sweeps first, FIFO within each); one timer on the
 * injected {@link Scheduler} wakes the queue when the next permit is due; time comes from the
 * injected {@link Clock}. No thread ever waits: all state changes happen under a short monitor.
 *
 * <p>Why the ceiling is {@code floor(perSecond * (1 - headroom))}: the guarantee is counted in
 * whole requests in any sliding second. With permits spaced {@code 1/14.4 s} apart, 15 of them
 * fit into one second (14 gaps of 69.4 ms = 972 ms); spaced {@code ceil(1e9/14) ns} apart, 15
 * permits span more than a second, so no window (open or closed) ever holds more than 14. Below
 * one request per second the fractional rate is kept (one request per window at most anyway).
 */
public final class PacedAccountBudget implements AccountBudget {

    private static final Logger log = LoggerFactory.getLogger(PacedAccountBudget.class);
    private static final long SECOND = 1_000_000_000L;
    private static final long NEVER = Long.MAX_VALUE;

    private final String accountId;
    private final ZoomProperties.Budget limits;
    private final BudgetProperties tuning;
    private final Clock clock;
    private final Scheduler scheduler;
    private final SpendLedger ledger;
    private final double ceilingRate;
    private final long ceilingInterval;
    private final long reserve;
    /** The sweep forecast's reserve ({@link #reserveForSweeps}); the larger of it and {@link #reserve} applies. */
    private volatile long forecastReserve;
    private final long lateness;

    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong throttledPerSecond = new AtomicLong();
    private final AtomicLong throttledDaily = new AtomicLong();

    // Everything below is guarded by "this".
    private final ArrayDeque<Waiter> sweeps = new ArrayDeque<>();
    private final ArrayDeque<Waiter> normals = new ArrayDeque<>();
    private final Map<LocalDate, Long> unflushed = new HashMap<>();
    private boolean ready;
    /** GCRA's theoretical arrival time: the earliest moment of the next grant. */
    private long tat = Long.MIN_VALUE / 4;
    /** The last {@code window.length} grant times, oldest at {@code windowNext}: the exact sliding-second check. */
    private final long[] window;
    private int windowNext;
    private LocalDate day;
    private long spent;
    private volatile boolean remainingDescribesOurDay = true;
    private long pausedUntil = Long.MIN_VALUE;
    private boolean lowered;
    private double loweredRate;
    private long recoveryStart;
    private Disposable timer;
    private long timerAt = NEVER;
    private long timerGeneration;

    PacedAccountBudget(String accountId, ZoomProperties.Budget limits, BudgetProperties tuning,
                       Clock clock, Scheduler scheduler, SpendLedger ledger) {
        this.accountId = accountId;
        this.limits = limits;
        this.tuning = tuning;
        this.clock = clock;
        this.scheduler = scheduler;
        this.ledger = ledger;
        double effective = limits.effectivePerSecond();
        // the epsilon keeps 10 * 0.9 = 8.999... from flooring to 8
        this.ceilingRate = effective >= 1.0 ? Math.floor(effective + 1e-9) : effective;
        this.ceilingInterval = (long) Math.ceil(SECOND / ceilingRate);
        this.reserve = (long) Math.floor(limits.daily() * limits.sweepReserve());
        this.lateness = ceilingInterval / 4;
        this.window = new long[Math.max(1, (int) Math.floor(ceilingRate))];
        java.util.Arrays.fill(window, Long.MIN_VALUE / 4);
        this.day = utcDay(nanos(clock.instant()));
    }

    /**
     * A budget that keeps its count in memory only, ready at once: for tests of other features
     * (give it a {@code VirtualTimeScheduler} and a clock reading it) and tools.
     */
    public static PacedAccountBudget inMemory(String accountId, ZoomProperties.Budget limits,
                                              BudgetProperties tuning, Clock clock, Scheduler scheduler) {
        PacedAccountBudget budget = new PacedAccountBudget(accountId, limits, tuning, clock, scheduler, SpendLedger.NONE);
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
            MonoWaiter waiter = new MonoWaiter(priority, sink);
            sink.onCancel(() -> cancel(waiter));
            enqueue(waiter);
        });
    }

    @Override
    public <T> Flux<T> limit(Flux<T> demand) {
        return limit(demand, Priority.NORMAL);
    }

    @Override
    public <T> Flux<T> limit(Flux<T> demand, Priority priority) {
        return Flux.create(sink -> new LimitedDemand<>(priority, sink).start(demand));
    }

    private void enqueue(Waiter waiter) {
        synchronized (this) {
            (waiter.priority == Priority.SWEEP ? sweeps : normals).addLast(waiter);
        }
        drain();
    }

    private void cancel(Waiter waiter) {
        if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
            synchronized (this) {
                (waiter.priority == Priority.SWEEP ? sweeps : normals).remove(waiter);
            }
            // the cancelled waiter may have been the head that armed the timer: the next one may go now
            drain();
        }
    }

    /**
     * Grants at most one permit per pass: the head waiter gets it when both its GCRA time (the last
     * scheduled grant plus its emission interval) and the sliding-second check (the grant
     * {@code floor(cap)} grants ago is more than a second old) have come; otherwise the timer is
     * armed for that moment. A grant that comes a little late (timer lateness, up to a quarter
     * interval) keeps the schedule, so real timers do not slowly lose rate; the sliding-second
     * check is what makes that catch-up unable to put one request too many into any second.
     * The grant itself (completing a caller, or asking a {@link #limit} upstream for an element)
     * runs outside the monitor; a waiter that declines (cancelled meanwhile, or an upstream with
     * nothing to offer) gives the slot back, so nothing is counted for it.
     */
    private void drain() {
        while (true) {
            Waiter waiter;
            long grantAt;
            long previousTat;
            long previousWindow;
            int slot;
            synchronized (this) {
                long now = now();
                rollDay(now);
                if (!ready) {
                    return;
                }
                int newest = Math.floorMod(windowNext - 1, window.length);
                if (now < window[newest]) {
                    // the wall clock stepped back: forget the past, wait one interval from here
                    java.util.Arrays.fill(window, Long.MIN_VALUE / 4);
                    tat = now + ceilingInterval;
                }
                if (now < pausedUntil) {
                    arm(pausedUntil, now);
                    return;
                }
                ArrayDeque<Waiter> queue = sweeps.isEmpty() ? normals : sweeps;
                Waiter head = queue.peekFirst();
                if (head == null) {
                    return;
                }
                long interval = interval(now, head.priority);
                if (interval == NEVER) {
                    arm(nextReset(now), now); // out of quota for this priority until 00:00 UTC
                    return;
                }
                long due = Math.max(tat, window[windowNext] + SECOND + 1);
                if (now < due) {
                    arm(due, now);
                    return;
                }
                waiter = queue.pollFirst();
                previousTat = tat;
                tat = (now - tat <= lateness ? tat : now) + interval;
                slot = windowNext;
                previousWindow = window[slot];
                window[slot] = now;
                windowNext = (slot + 1) % window.length;
                grantAt = now;
            }
            boolean used = waiter.grant();
            synchronized (this) {
                if (used) {
                    LocalDate grantDay = utcDay(grantAt);
                    if (grantDay.equals(day)) {
                        spent++;
                    }
                    unflushed.merge(grantDay, 1L, Long::sum);
                    granted.incrementAndGet();
                } else if (window[slot] == grantAt && windowNext == (slot + 1) % window.length) {
                    // nothing was granted since (the slot still blocks everyone else): undo it
                    tat = previousTat;
                    window[slot] = previousWindow;
                    windowNext = slot;
                }
            }
        }
    }

    /** Nanoseconds between two grants for this priority now; NEVER when its quota is gone. */
    private long interval(long now, Priority priority) {
        double rate = Math.min(perSecondRate(now), dailyRate(now, priority));
        if (rate <= 0) {
            return NEVER;
        }
        return Math.max(ceilingInterval, (long) Math.ceil(SECOND / rate));
    }

    /** The ceiling, or the rate lowered by a per-second 429 while it recovers additively. */
    private double perSecondRate(long now) {
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

    /**
     * The quota this priority may still use, spread over the time left until 00:00 UTC. Idle time
     * needs no bookkeeping: the same remaining over less time left gives a higher rate.
     */
    private double dailyRate(long now, Priority priority) {
        long left = limits.daily() - spent - (priority == Priority.SWEEP ? 0 : reserve());
        if (left <= 0) {
            return 0;
        }
        double secondsLeft = Math.max(1e-3, (nextReset(now) - now) / (double) SECOND);
        return left / secondsLeft;
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

    private void rollDay(long now) {
        LocalDate today = utcDay(now);
        if (!today.equals(day)) {
            log.info("budget day reset account={} day={} spentYesterday={}", accountId, today, spent);
            day = today;
            spent = 0;
        }
    }

    // ------------------------------------------------------------------ feedback

    @Override
    public void record(RateLimitSignal signal) {
        synchronized (this) {
            long now = now();
            long at = signal.at() != null ? nanos(signal.at()) : now;
            rollDay(now);
            switch (signal.kind()) {
                case PER_SECOND_EXCEEDED -> {
                    throttledPerSecond.incrementAndGet();
                    if (at < pausedUntil) {
                        // another answer from the same burst: the rate is already lowered once for it
                        pausedUntil = Math.max(pausedUntil, at + tuning.perSecondPause().toNanos());
                    } else {
                        double before = perSecondRate(at);
                        loweredRate = Math.max(before * tuning.rateDecrease(), Math.min(1.0, ceilingRate));
                        lowered = true;
                        pausedUntil = at + tuning.perSecondPause().toNanos();
                        recoveryStart = pausedUntil;
                        log.warn("zoom per-second limit hit account={} pausedFor={} rateBefore={} rateAfter={}",
                                accountId, tuning.perSecondPause(), before, loweredRate);
                    }
                }
                case DAILY_EXCEEDED -> {
                    throttledDaily.incrementAndGet();
                    long until = signal.retryAfter() != null ? nanos(signal.retryAfter()) : nextReset(at);
                    pausedUntil = Math.max(pausedUntil, until);
                    log.warn("zoom daily limit hit account={} pausedUntil={} retryAfterHeader={}",
                            accountId, instant(pausedUntil), signal.retryAfter() != null);
                }
                case ANSWERED -> {
                }
            }
            correctSpent(signal.dailyRemaining(), at);
        }
        drain();
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
    private void correctSpent(Long remaining, long at) {
        if (remaining == null || !remainingDescribesOurDay || !utcDay(at).equals(day)) {
            return;
        }
        long zoomSpent = limits.daily() - Math.max(0, remaining);
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

    // ------------------------------------------------------------------ status

    @Override
    public BudgetStatus status() {
        return detail().status();
    }

    /** The status plus the parts of the rate, for the budget endpoint. */
    synchronized Detail detail() {
        long now = now();
        rollDay(now);
        double perSecond = perSecondRate(now);
        double daily = dailyRate(now, Priority.NORMAL);
        BudgetStatus status = new BudgetStatus(accountId, limits.perSecond(), limits.headroom(),
                limits.effectivePerSecond(), Math.min(perSecond, daily), limits.daily(), spent,
                Math.max(0, limits.daily() - spent), now < pausedUntil ? instant(pausedUntil) : null,
                sweeps.size() + normals.size(), instant(nextReset(now)));
        return new Detail(status, ceilingRate, perSecond, daily, reserve());
    }

    @Override
    public void reserveForSweeps(long calls) {
        forecastReserve = Math.max(0, calls);
        drain(); // a smaller reserve may grant waiting normal calls now
    }

    private long reserve() {
        return Math.max(reserve, forecastReserve);
    }

    /**
     * @param pacedCeiling the most we ever pace at (the effective cap, floored to whole requests)
     * @param perSecondRate the per-second side now (the ceiling, or lower while recovering from a 429)
     * @param dailyRate normal calls' share of the remaining quota over the time left
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

    // ------------------------------------------------------------------ persistence

    /** Loads today's spent count, then opens the gate. Never fails. */
    Mono<Void> start() {
        LocalDate loading;
        synchronized (this) {
            loading = day;
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
                        if (day.equals(loading)) {
                            spent += loaded;
                        }
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
                        today = day;
                    }
                    return ledger.spent(accountId, today).doOnNext(total -> {
                        synchronized (this) {
                            if (day.equals(today) && total > spent) {
                                log.info("budget resynced account={} localSpent={} storedSpent={}", accountId, spent, total);
                                spent = total;
                            }
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
            if (unflushed.isEmpty()) {
                return Mono.empty();
            }
            batch = new HashMap<>(unflushed);
            unflushed.clear();
        }
        return Flux.fromIterable(batch.entrySet())
                .concatMap(e -> ledger.add(accountId, e.getKey(), e.getValue())
                        .onErrorResume(error -> {
                            synchronized (this) {
                                unflushed.merge(e.getKey(), e.getValue(), Long::sum);
                            }
                            log.warn("budget flush failed account={} day={} delta={} error={}",
                                    accountId, e.getKey(), e.getValue(), error.toString());
                            return Mono.empty();
                        }))
                .then();
    }

    // ------------------------------------------------------------------ time

    private long now() {
        return nanos(clock.instant());
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * SECOND + instant.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, SECOND), Math.floorMod(nanos, SECOND));
    }

    private static LocalDate utcDay(long nanos) {
        return LocalDate.ofEpochDay(Math.floorDiv(nanos, SECOND * 86_400));
    }

    private static long nextReset(long nanos) {
        return (Math.floorDiv(nanos, SECOND * 86_400) + 1) * SECOND * 86_400;
    }

    // ------------------------------------------------------------------ waiters

    /** One place in the queue. Granted or cancelled exactly once, whichever comes first. */
    private abstract static class Waiter {
        static final int WAITING = 0;
        static final int GRANTED = 1;
        static final int CANCELLED = 2;

        final Priority priority;
        final AtomicInteger state = new AtomicInteger(WAITING);

        Waiter(Priority priority) {
            this.priority = priority;
        }

        /** @return whether the permit was used (and so must be counted) */
        final boolean grant() {
            return state.compareAndSet(WAITING, GRANTED) && onGrant();
        }

        abstract boolean onGrant();
    }

    private static final class MonoWaiter extends Waiter {
        private final MonoSink<Void> sink;

        MonoWaiter(Priority priority, MonoSink<Void> sink) {
            super(priority);
            this.sink = sink;
        }

        @Override
        boolean onGrant() {
            sink.success();
            return true;
        }
    }

    /**
     * {@link #limit}: at most one place in the queue and at most one element requested upstream.
     * On a grant it requests one element; if the upstream hands it over during that request the
     * permit is used for it. If not (the planner has nothing due yet), the permit is given back
     * unused, and the element that comes later waits for a permit of its own, so the moment an
     * element is emitted is always the moment of its grant.
     */
    private final class LimitedDemand<T> extends BaseSubscriber<T> {
        private final Priority priority;
        private final FluxSink<T> sink;
        // guarded by "this" (the LimitedDemand)
        private long wanted;
        private boolean outstanding;
        private boolean probing;
        private boolean emitting;
        private T held;
        private boolean upstreamDone;
        private boolean finished;
        private Waiter queued;

        LimitedDemand(Priority priority, FluxSink<T> sink) {
            this.priority = priority;
            this.sink = sink;
        }

        void start(Flux<T> demand) {
            sink.onCancel(this::stop);
            demand.subscribe(this);
            sink.onRequest(n -> {
                synchronized (this) {
                    wanted = wanted + n < 0 ? Long.MAX_VALUE : wanted + n;
                }
                step();
            });
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // nothing requested until a permit is granted
        }

        @Override
        protected void hookOnNext(T value) {
            synchronized (this) {
                held = value;
                outstanding = false;
                if (probing) {
                    return; // handed over during the grant's request: granted() emits it
                }
            }
            step();
        }

        @Override
        protected void hookOnComplete() {
            synchronized (this) {
                upstreamDone = true;
            }
            step();
        }

        @Override
        protected void hookOnError(Throwable error) {
            giveUpPlace();
            sink.error(error);
        }

        private void stop() {
            giveUpPlace();
            cancel();
        }

        /** Ends this operator's demand; a place it still holds in the queue goes back unused. */
        private void giveUpPlace() {
            Waiter w;
            synchronized (this) {
                finished = true;
                w = queued;
                queued = null;
            }
            if (w != null) {
                PacedAccountBudget.this.cancel(w);
            }
        }

        /** Queues for a permit when one is needed, completes when nothing is left. */
        private void step() {
            Waiter toQueue = null;
            Waiter toCancel = null;
            boolean complete = false;
            synchronized (this) {
                if (finished || probing || emitting) {
                    return;
                }
                if (held == null && !outstanding && upstreamDone) {
                    finished = true;
                    complete = true;
                    toCancel = queued;
                    queued = null;
                } else if (queued == null && wanted > 0 && (held != null || !outstanding)) {
                    queued = new Waiter(priority) {
                        @Override
                        boolean onGrant() {
                            return granted(this);
                        }
                    };
                    toQueue = queued;
                }
            }
            if (toCancel != null) {
                PacedAccountBudget.this.cancel(toCancel);
            }
            if (complete) {
                sink.complete();
            }
            if (toQueue != null) {
                enqueue(toQueue);
            }
        }

        private boolean granted(Waiter waiter) {
            T value;
            synchronized (this) {
                if (queued != waiter || finished) {
                    return false;
                }
                queued = null;
                if (held == null) {
                    outstanding = true;
                    probing = true;
                }
            }
            if (probing()) {
                request(1);
            }
            synchronized (this) {
                probing = false;
                value = held;
                held = null;
                if (value != null) {
                    wanted--;
                    emitting = true;
                }
            }
            if (value != null) {
                sink.next(value);
                synchronized (this) {
                    emitting = false;
                }
            }
            step();
            return value != null;
        }

        private synchronized boolean probing() {
            return probing;
        }
    }
}
