package io.zoomqos.collector.zoom;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.store.CoverageRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Every request sent to Zoom, by account, UTC day and {@link CallKind}: the daily coverage's
 * "calls spent by kind" ({@code call_spend}) and the {@code qos.calls} counter. Counted where the
 * request leaves ({@link ZoomExchange}), so answers that fail (404 "not ready", 429, 5xx), retries,
 * renewals after a 401 and calls of a job later cancelled all count, as they do at Zoom. Counts
 * wait in memory (one entry per account, day and kind) and are added to the table every
 * {@code flushEvery} and at shutdown; a failed write keeps them for the next one.
 */
public final class CallLedger implements SmartLifecycle, BiConsumer<String, CallKind> {

    private static final Logger log = LoggerFactory.getLogger(CallLedger.class);

    record Key(String accountId, LocalDate day, CallKind kind) {
    }

    private final ConcurrentHashMap<Key, Long> pending = new ConcurrentHashMap<>();
    private final CoverageRepository coverage;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration flushEvery;
    private final Scheduler scheduler;
    private volatile @Nullable Disposable flushing;

    public CallLedger(CoverageRepository coverage, MeterRegistry meters, Clock clock, Duration flushEvery,
                      Scheduler scheduler) {
        this.coverage = coverage;
        this.meters = meters;
        this.clock = clock;
        this.flushEvery = flushEvery;
        this.scheduler = scheduler;
    }

    /** One request of {@code kind} for {@code accountId} is on its way to Zoom. */
    @Override
    public void accept(String accountId, CallKind kind) {
        meters.counter("qos.calls", "kind", kind.label()).increment();
        // merge is atomic per key: no count is lost to a concurrent flush taking the entry away
        pending.merge(new Key(accountId, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), kind), 1L, Long::sum);
    }

    /** Adds what is pending to {@code call_spend}; what cannot be written waits for the next flush. */
    public Mono<Void> flush() {
        return Flux.fromIterable(List.copyOf(pending.keySet()))
                .concatMap(key -> {
                    Long calls = pending.remove(key);
                    if (calls == null) {
                        return Mono.empty();
                    }
                    return coverage.spent(key.accountId(), key.day(), key.kind().label(), calls)
                            .onErrorResume(e -> {
                                pending.merge(key, calls, Long::sum);
                                log.warn("calls not recorded yet, kept for the next flush account={} day={} kind={} calls={} error={}",
                                        key.accountId(), key.day(), key.kind().label(), calls, e.toString());
                                return Mono.empty();
                            });
                })
                .then();
    }

    @Override
    public void start() {
        flushing = Flux.interval(flushEvery, flushEvery, scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> flush(), 1)
                .subscribe();
    }

    @Override
    public void stop(Runnable callback) {
        Disposable running = flushing;
        if (running != null) {
            running.dispose();
        }
        flushing = null;
        // Lifecycle beans stop before the database pool is closed, and Spring waits for the
        // callback: the last counts get written. Bounded, so a dead database cannot hold the shutdown.
        flush().timeout(Duration.ofSeconds(5))
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> callback.run())
                .subscribe();
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public boolean isRunning() {
        return flushing != null;
    }

    /** Pending counts, for tests. */
    long pending(String accountId, LocalDate day, CallKind kind) {
        return pending.getOrDefault(new Key(accountId, day, kind), 0L);
    }
}
