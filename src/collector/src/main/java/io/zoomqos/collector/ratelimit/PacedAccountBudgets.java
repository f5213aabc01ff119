package io.zoomqos.collector.ratelimit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.config.ZoomAccounts;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One {@link PacedAccountBudget} per configured account, their metrics, and the loop that
 * persists what they spent: loaded at start, flushed every {@code qos.budget.flush-interval}
 * and once more on shutdown (asynchronously, through {@link SmartLifecycle#stop(Runnable)}).
 */
@Component
public class PacedAccountBudgets implements AccountBudgets, SmartLifecycle, DisposableBean {

    private final Map<String, PacedAccountBudget> budgets = new LinkedHashMap<>();
    private final Duration flushInterval;
    private final Scheduler scheduler;
    private volatile Disposable flushing;
    private boolean ownScheduler;

    @Autowired
    PacedAccountBudgets(ZoomAccounts accounts, BudgetProperties tuning, DatabaseClient db, MeterRegistry registry,
                        ObjectProvider<Clock> clock) {
        // A timer thread of its own: on the shared parallel pool a busy machine fires the timers
        // late, and every late grant is rate lost (the sliding-second check never lets it be caught
        // up in full). The thread only decides grants; the calls run wherever their I/O runs.
        this(accounts, tuning, db, registry, wallClock(accounts, clock), timer(accounts));
    }

    /**
     * In a simulated day ({@code qos.simulated-day}) both of the budget's clocks are the
     * simulator's: the wall clock is its {@link Clock} bean and the monotonic one (with the timer)
     * runs {@code qos.time-scale} times faster than real time, so the day, the pacing and the
     * per-second window all count simulated seconds.
     */
    private PacedAccountBudgets(ZoomAccounts accounts, BudgetProperties tuning, DatabaseClient db,
                                MeterRegistry registry, Clock wall, Scheduler timer) {
        this(accounts, tuning, new R2dbcSpendLedger(db), registry, wall,
                timer instanceof SimulatedTimeScheduler simulated ? () -> simulated.now(TimeUnit.NANOSECONDS)
                        : System::nanoTime, timer);
        this.ownScheduler = true;
    }

    private static Scheduler timer(ZoomAccounts accounts) {
        Scheduler single = Schedulers.newSingle("qos-budget", true);
        return accounts.simulatedDay() ? new SimulatedTimeScheduler(single, accounts.timeScale()) : single;
    }

    private static Clock wallClock(ZoomAccounts accounts, ObjectProvider<Clock> clock) {
        if (!accounts.simulatedDay()) {
            return Clock.systemUTC();
        }
        Clock simulated = clock.getIfUnique();
        if (simulated == null) {
            throw new IllegalStateException("qos.simulated-day needs the simulator's clock as the one Clock bean");
        }
        return simulated;
    }

    /** @param nanoTime the monotonic clock of the per-second windows and pauses */
    PacedAccountBudgets(ZoomAccounts accounts, BudgetProperties tuning, SpendLedger ledger, MeterRegistry registry,
                        Clock clock, LongSupplier nanoTime, Scheduler scheduler) {
        this.flushInterval = tuning.flushInterval();
        this.scheduler = scheduler;
        accounts.all().forEach(account -> {
            PacedAccountBudget budget = new PacedAccountBudget(account.id(), account.budget(), tuning, clock, nanoTime,
                    scheduler, ledger);
            // In a simulated day the simulator's Remaining header counts the same day as the budget.
            if (accounts.timeScale() > 1.0 && !accounts.simulatedDay()) {
                budget.ignoreRemainingHeader();
            }
            budgets.put(account.id(), budget);
            registerMetrics(budget, registry);
        });
    }

    private static void registerMetrics(PacedAccountBudget budget, MeterRegistry registry) {
        String account = budget.accountId();
        Gauge.builder("qos.budget.remaining", budget, b -> b.status().remainingToday())
                .tags("account", account, "window", "day").description("Daily quota left (UTC day)").register(registry);
        Gauge.builder("qos.budget.rate", budget, b -> b.status().currentRatePerSecond())
                .tag("account", account).description("Requests per second allowed now").register(registry);
        Gauge.builder("qos.budget.spent", budget, b -> b.status().spentToday())
                .tag("account", account).description("Permits spent since 00:00 UTC").register(registry);
        Gauge.builder("qos.budget.waiting", budget, b -> b.status().waiting())
                .tag("account", account).description("Callers waiting for a permit").register(registry);
        FunctionCounter.builder("qos.budget.granted", budget, PacedAccountBudget::granted)
                .tag("account", account).description("Permits granted").register(registry);
        for (RateLimitSignal.Kind kind : new RateLimitSignal.Kind[] {
                RateLimitSignal.Kind.PER_SECOND_EXCEEDED, RateLimitSignal.Kind.DAILY_EXCEEDED}) {
            FunctionCounter.builder("qos.budget.throttled", budget, b -> b.throttled(kind))
                    .tags("account", account, "kind", kind.name().toLowerCase())
                    .description("429 answers from Zoom").register(registry);
        }
        for (AccountFailure failure : AccountFailure.values()) {
            Gauge.builder("qos.zoom.account.failing", budget, b -> b.failing() == failure ? 1 : 0)
                    .tags("account", account, "reason", failure.reason())
                    .description("1 while Zoom refuses the account for this reason (paused with backoff)")
                    .register(registry);
        }
    }

    @Override
    public AccountBudget of(String accountId) {
        PacedAccountBudget budget = budgets.get(accountId);
        if (budget == null) {
            throw new IllegalArgumentException("no budget for account " + accountId + ": not configured");
        }
        return budget;
    }

    Optional<PacedAccountBudget> find(String accountId) {
        return Optional.ofNullable(budgets.get(accountId));
    }

    @Override
    public Collection<AccountBudget> all() {
        return java.util.List.copyOf(budgets.values());
    }

    Collection<PacedAccountBudget> paced() {
        return budgets.values();
    }

    /** Every account's budget as the web layer shows it, with its capacity at {@code interval}. */
    public List<BudgetView> views(Duration interval, int pagesPerMeeting) {
        return budgets.values().stream().map(b -> BudgetView.of(b.detail(), interval, pagesPerMeeting)).toList();
    }

    /** One account's view; empty when the account is not configured. */
    public Optional<BudgetView> view(String accountId, Duration interval, int pagesPerMeeting) {
        return find(accountId).map(b -> BudgetView.of(b.detail(), interval, pagesPerMeeting));
    }

    /** Writes every account's unflushed counts. */
    Mono<Void> flush() {
        return Flux.fromIterable(budgets.values()).concatMap(PacedAccountBudget::flush).then();
    }

    @Override
    public void start() {
        budgets.values().forEach(b -> b.start().subscribe());
        flushing = Flux.interval(flushInterval, flushInterval, scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> flush(), 1)
                .subscribe();
    }

    @Override
    public void stop(Runnable callback) {
        Disposable loop = flushing;
        flushing = null;
        if (loop != null) {
            loop.dispose();
        }
        flush().timeout(Duration.ofSeconds(5)).subscribe(null, error -> callback.run(), callback);
    }

    /**
     * The timer thread goes with the bean, not with {@link #stop}: a stopped context can be started
     * again (Spring's test framework pauses the contexts it is not using), and a budget restarted
     * on a disposed scheduler would refuse every permit.
     */
    @Override
    public void destroy() {
        if (ownScheduler) {
            scheduler.dispose();
        }
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public boolean isRunning() {
        return flushing != null;
    }

    /**
     * Starts before and stops after the web server and the pollers (default phase), so the last
     * flush sees every grant; the connection pool is closed only after all lifecycles stopped.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
