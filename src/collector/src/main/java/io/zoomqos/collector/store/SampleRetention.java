package io.zoomqos.collector.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Removes participant-minutes older than {@code qos.retention.horizon}, every
 * {@code qos.retention.interval} on the given {@link Scheduler} and {@link Clock}; the same run
 * then deletes the personal data past the same horizon (raw webhook payloads, participants,
 * summaries, finished meetings: see {@link PersonalDataRetention}).
 *
 * <p>Whole day partitions past the horizon are dropped (no dead tuples, no vacuum debt); the one
 * partition straddling the cut-off is trimmed with a DELETE, which touches at most one interval's
 * worth of rows per run and whose dead tuples go when that partition is dropped a day later. Each
 * run also creates the partitions of today and the next {@code partitionsAhead} days, so writers
 * rarely need DDL.
 */
public class SampleRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SampleRetention.class);

    /** What one run did; {@code purgedRows}: rows deleted per table other than the samples'. */
    public record Result(Instant cutoff, List<LocalDate> droppedPartitions, long trimmedRows, Map<String, Long> purgedRows) {
    }

    private final DatabaseClient db;
    private final SamplePartitions partitions;
    private final PersonalDataRetention personalData;
    private final RetentionProperties properties;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Counter removed;
    private volatile Disposable schedule;

    SampleRetention(DatabaseClient db, SamplePartitions partitions, RetentionProperties properties, Clock clock,
                    Scheduler scheduler, MeterRegistry meters) {
        this.db = db;
        this.partitions = partitions;
        this.personalData = new PersonalDataRetention(db);
        this.properties = properties;
        this.clock = clock;
        this.scheduler = scheduler;
        this.removed = Counter.builder("qos.store.retention.partitions.dropped")
                .description("day partitions of qos_sample dropped by retention").register(meters);
    }

    /** One pass: create the coming partitions, drop the expired ones, trim the boundary one. */
    public Mono<Result> runOnce() {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            Instant cutoff = now.minus(properties.horizon());
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            List<LocalDate> ahead = new ArrayList<>();
            for (int d = 0; d <= properties.partitionsAhead(); d++) {
                ahead.add(today.plusDays(d));
            }
            // A day partition [D, D+1) is wholly expired when D+1 <= cutoff.
            Mono<List<LocalDate>> dropped = partitions.list()
                    .filter(day -> !day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff))
                    .concatMap(day -> partitions.drop(day).thenReturn(day))
                    .collectList();
            Mono<Long> trimmed = db.sql("DELETE FROM qos_sample WHERE minute < $1").bind(0, cutoff)
                    .fetch().rowsUpdated();
            // In sequence: DROP waits for an exclusive lock the DELETE would otherwise hold against it.
            return partitions.ensure(ahead)
                    .then(dropped)
                    .flatMap(d -> trimmed.flatMap(t -> personalData.purge(cutoff).map(p -> new Result(cutoff, d, t, p))));
        }).doOnSuccess(r -> {
            removed.increment(r.droppedPartitions().size());
            log.info("retention ran cutoff={} droppedPartitions={} trimmedRows={} purgedRows={}", r.cutoff(),
                    r.droppedPartitions().size(), r.trimmedRows(), r.purgedRows());
        });
    }

    /** Runs at once, then every interval; a failed run is logged and the next one tries again. */
    Flux<Result> schedule() {
        return Flux.interval(java.time.Duration.ZERO, properties.interval(), scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> runOnce()
                        .onErrorResume(e -> {
                            log.warn("retention failed error={}", e.toString());
                            return Mono.empty();
                        }), 1);
    }

    @Override
    public void start() {
        schedule = schedule().subscribe();
    }

    @Override
    public void stop() {
        Disposable s = schedule;
        if (s != null) {
            s.dispose();
        }
        schedule = null;
    }

    @Override
    public boolean isRunning() {
        return schedule != null && !schedule.isDisposed();
    }
}
