package io.zoomqos.collector.polling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

import io.zoomqos.collector.cluster.AccountLeases;
import io.zoomqos.collector.cluster.LeaseListener;
import io.zoomqos.collector.live.MeetingPayload;
import io.zoomqos.collector.ratelimit.AccountBudgets;
import io.zoomqos.collector.ratelimit.SimulatedTimeScheduler;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import org.springframework.core.env.Environment;

/**
 * Runs one {@link PollPlanner} per account this replica holds the lease of: feeds it meeting
 * signals, reloads unfinished meetings from PostgreSQL at start and periodically (the signals
 * are a fast path; the database is the record), and records what the planners decide.
 *
 * <p>Every {@code qos.poll.attention.refresh} it re-reads who watches and what is pinned, lets
 * the planners re-order, and records each live meeting's state (fresh / stretched / sweep-only)
 * where it changed. Every reload it forecasts the sweeps and the watched and pinned meetings'
 * polls until midnight ({@link SweepForecast}, shaped by yesterday's {@link DemandProfile}),
 * reserves that much of the account's budget, tells the budget until when the live share should
 * last ({@code AccountBudget#paceLive}), and turns the planners' live share off when only the
 * reserve is left; when the configured demand cannot fit, it warns (at the first forecast and then
 * hourly) with the numbers, and {@code qos.budget.shortfall} shows the gap.
 */
@Service
public class PollingService implements SmartLifecycle, LeaseListener {

    private static final Logger log = LoggerFactory.getLogger(PollingService.class);

    private final PollingProperties properties;
    /**
     * The planners' time. In a simulated day ({@code qos.simulated-day}) it is the simulator's clock
     * (its timers fire {@code qos.time-scale} times sooner), so meeting times the simulator reports
     * and the planners' deadlines are on one clock and durations are not scaled; elsewhere the
     * real one, with meeting-time durations scaled instead.
     */
    private final Scheduler plannerScheduler;
    private final MeetingSignals signals;
    private final PollStateRepository state;
    private final PollExecutor executor;
    private final AccountLeases leases;
    private final Scheduler scheduler;
    private final PlannerEvents events;
    private final FeedPublisher feed;
    private final AccountBudgets budgets;
    private final AttentionService attention;
    private final AttentionProperties attentionProperties;
    private final java.time.Clock clock;
    private final MeterRegistry meters;
    private final Map<String, SweepForecast> forecasts = new ConcurrentHashMap<>();
    private final Map<String, java.time.Instant> lastShortfallWarning = new ConcurrentHashMap<>();
    /** Per account: yesterday's demand profile and its day, read once a day for the forecast's shape. */
    private final Map<String, DemandProfile> profiles = new ConcurrentHashMap<>();
    private final Map<String, java.time.LocalDate> profileDays = new ConcurrentHashMap<>();
    /** Per account: the live states last recorded, so only changes are written and published. */
    private final Map<String, Map<String, LiveState>> recordedStates = new ConcurrentHashMap<>();

    private final Map<String, PollPlanner> planners = new ConcurrentHashMap<>();
    private final Disposable.Composite running = Disposables.composite();
    private volatile boolean started;

    PollingService(PollingProperties properties, MeetingSignals signals, PollStateRepository state,
                   PollExecutor executor, PollRecorder recorder, AccountLeases leases, FeedPublisher feed,
                   AccountBudgets budgets, Environment environment, MeterRegistry meters,
                   AttentionService attention, AttentionProperties attentionProperties,
                   org.springframework.beans.factory.ObjectProvider<java.time.Clock> clock) {
        this.budgets = budgets;
        this.attention = attention;
        this.attentionProperties = attentionProperties;
        this.clock = clock.getIfUnique(java.time.Clock::systemUTC);
        this.meters = meters;
        double timeScale = environment.getProperty("qos.time-scale", Double.class, 1.0);
        boolean simulatedDay = environment.getProperty("qos.simulated-day", Boolean.class, false);
        this.properties = simulatedDay ? properties : properties.scaledBy(timeScale);
        this.plannerScheduler = simulatedDay
                ? SimulatedTimeScheduler.onClock(Schedulers.parallel(), timeScale, this.clock) : Schedulers.parallel();
        this.signals = signals;
        this.state = state;
        this.executor = executor;
        this.leases = leases;
        this.scheduler = Schedulers.parallel();
        this.events = recorder;
        this.feed = feed;
        log.info("polling interval={} sweepDelay={} concurrency={}", this.properties.interval(),
                this.properties.sweepDelay(), this.properties.concurrency());
        Gauge.builder("qos.meetings.active", planners, ps -> ps.values().stream().mapToInt(p -> p.snapshot().live()).sum())
                .description("meetings polled live by this replica").register(meters);
        // The visible side of fair degradation, for the alerts and the dashboard (monitoring/).
        Gauge.builder("qos.meetings.sweeping", planners, ps -> ps.values().stream().mapToInt(p -> p.snapshot().sweeping()).sum())
                .description("ended meetings waiting for or in their final sweep on this replica").register(meters);
        Gauge.builder("qos.poll.overdue", planners, ps -> ps.values().stream().mapToInt(p -> p.snapshot().overdue()).sum())
                .description("live meetings whose poll deadline has passed but whose poll has not started").register(meters);
        TimeGauge.builder("qos.poll.overdue.oldest", planners, TimeUnit.MILLISECONDS,
                        ps -> ps.values().stream().mapToLong(p -> p.snapshot().oldestOverdue().toMillis()).max().orElse(0))
                .description("how late the most overdue live poll is").register(meters);
        Gauge.builder("qos.poll.interval", this.properties, p -> p.interval().toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("the live poll interval in real time (after qos.time-scale)").register(meters);
    }


    @Override
    public void start() {
        started = true;
        // Off the publisher's thread (a webhook writer's commit): planning and the feed's writes
        // never run inside, or fail, the ingestion; one failing signal never ends the subscription.
        running.add(signals.flux().publishOn(scheduler).subscribe(signal -> {
            try {
                onSignal(signal);
            } catch (RuntimeException e) {
                log.warn("meeting signal not handled meeting={} error={}", signal.meetingUuid(), e.toString());
            }
        }));
        // Every replica publishes who watches what on it (its SSE subscribers), also one that polls nobody.
        running.add(Flux.interval(Duration.ZERO, attentionProperties.refresh(), scheduler)
                .onBackpressureDrop()
                .concatMap(t -> attention.refresh(leases.holder())
                        .thenMany(Flux.fromIterable(planners.values()))
                        .concatMap(this::attend))
                .subscribe());
        if (!properties.enabled()) {
            log.info("polling disabled (qos.poll.enabled=false): taking webhooks only");
            return;
        }
        running.add(leases.run(this));
        running.add(Flux.interval(properties.reloadInterval(), properties.reloadInterval(), scheduler)
                .onBackpressureDrop()
                .concatMap(t -> Flux.fromIterable(planners.values()).concatMap(p -> reload(p).then(forecast(p))))
                .subscribe());

    }

    @Override
    public void acquired(String accountId) {
        // Another replica may have driven the account until now: take over its count of the day.
        budgets.of(accountId).resync().subscribe();
        PollPlanner planner = new PollPlanner(accountId, properties, plannerScheduler, executor, events, new Random(), attention);
        planners.put(accountId, planner);
        reload(planner).then(forecast(planner)).subscribe();
    }

    @Override
    public void lost(String accountId) {
        PollPlanner planner = planners.remove(accountId);
        if (planner != null) {
            planner.close();
        }
        recordedStates.remove(accountId);
        forecasts.remove(accountId);
        profiles.remove(accountId);
        profileDays.remove(accountId);
    }

    private void onSignal(MeetingSignal signal) {
        // Every replica tells its own live subscribers; only the lease holder polls.
        String state = signal.kind() == MeetingSignal.Kind.STARTED ? MeetingPayload.STARTED : MeetingPayload.ENDED;
        feed.meeting(signal.accountId(), signal.meetingUuid(), state, signal.meetingId(), signal.at()).subscribe();
        PollPlanner planner = planners.get(signal.accountId());
        if (planner == null) {
            return; // another replica drives this account; it picks the meeting up on its reload
        }
        switch (signal.kind()) {
            case STARTED -> planner.meetingStarted(signal.meetingUuid(), signal.at());
            case ENDED -> planner.meetingEnded(signal.meetingUuid(), null, signal.at());
        }
    }

    private reactor.core.publisher.Mono<Void> reload(PollPlanner planner) {
        return state.unfinished(planner.accountId())
                .doOnNext(m -> planner.track(m.meetingUuid(), m.startedAt(), m.endedAt(), m.lastPolledAt()))
                .doOnError(e -> log.warn("reload failed account={} error={}", planner.accountId(), e.toString()))
                .onErrorComplete()
                .then();
    }

    /** Re-orders the planner by attention and records the live states that changed. Never fails. */
    private reactor.core.publisher.Mono<Void> attend(PollPlanner planner) {
        planner.refreshAttention();
        Map<String, LiveState> last = recordedStates.computeIfAbsent(planner.accountId(), a -> new ConcurrentHashMap<>());
        java.util.List<LiveState> now = planner.liveStates();
        java.util.List<LiveState> changed = now.stream().filter(s -> !s.equals(last.get(s.meetingUuid()))).toList();
        java.util.Set<String> current = new java.util.HashSet<>();
        now.forEach(s -> current.add(s.meetingUuid()));
        last.keySet().retainAll(current);
        if (changed.isEmpty()) {
            return reactor.core.publisher.Mono.empty();
        }
        java.time.Instant at = clock.instant();
        return state.liveStates(changed)
                .doOnSuccess(v -> changed.forEach(s -> last.put(s.meetingUuid(), s)))
                .thenMany(Flux.fromIterable(changed))
                .concatMap(s -> feed.liveState(planner.accountId(), s, at))
                .then()
                .onErrorResume(e -> {
                    log.warn("live state write failed account={} error={}", planner.accountId(), e.toString());
                    return reactor.core.publisher.Mono.empty();
                });
    }

    /**
     * Forecasts the sweeps until midnight, reserves that in the account's budget, and turns the
     * planner's live share off while only the reserve is left. Never fails.
     */
    private reactor.core.publisher.Mono<Void> forecast(PollPlanner planner) {
        return reactor.core.publisher.Mono.defer(() -> forecastNow(planner));
    }

    private reactor.core.publisher.Mono<Void> forecastNow(PollPlanner planner) {
        String accountId = planner.accountId();
        java.time.Instant now = clock.instant();
        java.time.Instant dayStart = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        return yesterday(accountId, dayStart).flatMap(profile -> state.dayDemand(accountId, dayStart)
                .doOnNext(d -> {
                    var budget = budgets.of(accountId);
                    // Watched and pinned live meetings, one page each (their rosters are not at hand here).
                    long kept = planner.liveStates().stream().filter(s -> s.attention().keepsInterval()).count();
                    SweepForecast f = SweepForecast.of(now, properties.interval(), d.livePages(), d.liveMeetings(),
                            d.endedToday(), d.endedSweepCalls(), budget.status().remainingToday(), kept, profile);
                    boolean first = forecasts.put(accountId, f) == null;
                    if (first) {
                        io.micrometer.core.instrument.Gauge.builder("qos.budget.shortfall", forecasts,
                                        fs -> fs.containsKey(accountId) ? fs.get(accountId).shortfallCalls() : 0)
                                .description("calls the configured demand (live polls at the interval + sweep forecast) "
                                        + "needs until midnight beyond today's remaining quota")
                                .tag("account", accountId).register(meters);
                        io.micrometer.core.instrument.Gauge.builder("qos.budget.sweep.reserve", forecasts,
                                        fs -> fs.containsKey(accountId) ? fs.get(accountId).reserve() : 0)
                                .description("calls of today's quota kept for the sweeps forecast until midnight")
                                .tag("account", accountId).register(meters);
                    }
                    budget.reserveForSweeps(f.reserve());
                    budget.paceLive(f.livePaceUntil());
                    planner.liveShareSpent(f.remainingToday() <= f.reserve());
                    warnIfShortfall(accountId, f, now);
                }))
                .then()
                .onErrorResume(e -> {
                    log.warn("sweep forecast failed account={} error={}", accountId, e.toString());
                    return reactor.core.publisher.Mono.empty();
                });
    }

    /**
     * Yesterday's demand profile of the account, read once per day (and again while it failed);
     * {@link DemandProfile#NONE} when there is none or it cannot be read.
     */
    private reactor.core.publisher.Mono<DemandProfile> yesterday(String accountId, java.time.Instant dayStart) {
        java.time.LocalDate day = java.time.LocalDate.ofInstant(dayStart, java.time.ZoneOffset.UTC).minusDays(1);
        DemandProfile known = profiles.get(accountId);
        if (known != null && day.equals(profileDays.get(accountId))) {
            return reactor.core.publisher.Mono.just(known);
        }
        return state.profile(accountId, day)
                .doOnNext(p -> {
                    profiles.put(accountId, p);
                    profileDays.put(accountId, day);
                })
                .onErrorResume(e -> {
                    log.warn("demand profile not read account={} day={} error={}", accountId, day, e.toString());
                    return reactor.core.publisher.Mono.just(DemandProfile.NONE);
                });
    }

    /**
     * At the first forecast and then at most hourly, while the configured demand does not fit;
     * louder when not even the watched and pinned meetings' polls fit next to the sweeps.
     */
    private void warnIfShortfall(String accountId, SweepForecast f, java.time.Instant now) {
        if (!f.shortfall()) {
            return;
        }
        java.time.Instant last = lastShortfallWarning.get(accountId);
        if (last == null || !now.isBefore(last.plus(Duration.ofHours(1)))) {
            lastShortfallWarning.put(accountId, now);
            if (f.keptShortfall()) {
                log.warn("watched and pinned meetings cannot keep their interval until midnight: their polls and the "
                        + "sweeps need more than today's remaining quota account={} interval={} {}", accountId,
                        properties.interval(), f.summary());
            } else {
                log.warn("configured demand does not fit today's quota account={} interval={} {}", accountId,
                        properties.interval(), f.summary());
            }
        }
    }

    /** The latest sweep forecast per account this replica drives. */
    public Collection<SweepForecast> forecasts() {
        return java.util.List.copyOf(forecasts.values());
    }

    public Collection<PlannerSnapshot> snapshots() {
        return planners.values().stream().map(PollPlanner::snapshot).toList();
    }

    @Override
    public void stop() {
        started = false;
        running.dispose();
        planners.keySet().forEach(this::lost);
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
