package io.zoomqos.collector.polling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

import io.zoomqos.collector.cluster.AccountLeases;
import io.zoomqos.collector.cluster.LeaseListener;
import io.zoomqos.collector.live.MeetingPayload;
import io.zoomqos.collector.ratelimit.AccountBudgets;
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
 */
@Service
public class PollingService implements SmartLifecycle, LeaseListener {

    private static final Logger log = LoggerFactory.getLogger(PollingService.class);

    private final PollingProperties properties;
    private final MeetingSignals signals;
    private final PollStateRepository state;
    private final PollExecutor executor;
    private final AccountLeases leases;
    private final Scheduler scheduler;
    private final PlannerEvents events;
    private final FeedPublisher feed;
    private final AccountBudgets budgets;

    private final Map<String, PollPlanner> planners = new ConcurrentHashMap<>();
    private final Disposable.Composite running = Disposables.composite();
    private volatile boolean started;

    PollingService(PollingProperties properties, MeetingSignals signals, PollStateRepository state,
                   PollExecutor executor, PollRecorder recorder, AccountLeases leases, FeedPublisher feed,
                   AccountBudgets budgets, Environment environment, MeterRegistry meters) {
        this.budgets = budgets;
        this.properties = properties.scaledBy(environment.getProperty("qos.time-scale", Double.class, 1.0));
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
        if (!properties.enabled()) {
            log.info("polling disabled (qos.poll.enabled=false): taking webhooks only");
            return;
        }
        running.add(leases.run(this));
        running.add(Flux.interval(properties.reloadInterval(), properties.reloadInterval(), scheduler)
                .onBackpressureDrop()
                .concatMap(t -> Flux.fromIterable(planners.values()).concatMap(this::reload))
                .subscribe());
    }

    @Override
    public void acquired(String accountId) {
        // Another replica may have driven the account until now: take over its count of the day.
        budgets.of(accountId).resync().subscribe();
        PollPlanner planner = new PollPlanner(accountId, properties, scheduler, executor, events, new Random());
        planners.put(accountId, planner);
        reload(planner).subscribe();
    }

    @Override
    public void lost(String accountId) {
        PollPlanner planner = planners.remove(accountId);
        if (planner != null) {
            planner.close();
        }
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
