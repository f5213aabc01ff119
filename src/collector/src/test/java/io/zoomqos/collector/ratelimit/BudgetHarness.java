package io.zoomqos.collector.ratelimit;

import io.zoomqos.collector.config.ZoomProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/** One budget in virtual time: its scheduler, a clock reading it, and an in-memory ledger. */
final class BudgetHarness {

    static final String ACCOUNT = "acct-1";
    /** Spacing of permits at the default 16/s with 10% headroom: ceil(1e9 / 14) ns. */
    static final long INTERVAL = 71_428_572L;

    final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    final VirtualClock clock;
    final MemoryLedger ledger = new MemoryLedger();
    final PacedAccountBudget budget;

    BudgetHarness(Instant start, ZoomProperties.Budget limits) {
        this(start, limits, BudgetProperties.defaults());
    }

    BudgetHarness(Instant start, ZoomProperties.Budget limits, BudgetProperties tuning) {
        this(start, limits, tuning, 0, 0);
    }

    /** With {@code maxLateNanos > 0} the budget's timers fire up to that late (seeded), as on a busy machine. */
    BudgetHarness(Instant start, ZoomProperties.Budget limits, BudgetProperties tuning, long seed, long maxLateNanos) {
        clock = new VirtualClock(start, scheduler);
        reactor.core.scheduler.Scheduler timers = maxLateNanos > 0 ? new LateScheduler(scheduler, seed, maxLateNanos) : scheduler;
        budget = new PacedAccountBudget(ACCOUNT, limits, tuning, clock, this::nanos, timers, ledger);
        budget.start().subscribe();
    }

    static ZoomProperties.Budget limits(double perSecond, long daily, double reserve) {
        return new ZoomProperties.Budget(perSecond, 0.10, daily, reserve);
    }

    /** Default per-second limits with a daily quota so large that only the per-second cap binds. */
    static ZoomProperties.Budget perSecondOnly() {
        return limits(16, 1_000_000_000L, 0.05);
    }

    /** The monotonic clock: virtual time elapsed, whatever the wall clock was stepped to. */
    long nanos() {
        return scheduler.now(TimeUnit.NANOSECONDS);
    }

    Instant now() {
        return clock.instant();
    }

    void advance(Duration d) {
        scheduler.advanceTimeBy(d);
    }

    void advanceNanos(long n) {
        scheduler.advanceTimeBy(Duration.ofNanos(n));
    }
}
