package io.zoomqos.collector.store;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The daily partitions of {@code qos_sample} ({@code qos_sample_YYYYMMDD}, UTC days). Writers ask
 * for the days they need; a cache keeps that to one round trip per new day per process.
 */
final class SamplePartitions {

    private static final String PREFIX = "qos_sample_";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private final DatabaseClient db;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    SamplePartitions(DatabaseClient db) {
        this.db = db;
    }

    /** Creates the missing partitions among {@code days}; idempotent and safe against concurrent creators. */
    Mono<Void> ensure(Collection<LocalDate> days) {
        return Flux.fromIterable(days)
                .filter(day -> !known.contains(day))
                .concatMap(day -> db.sql("SELECT qos_sample_ensure_partition($1)").bind(0, day).then()
                        .doOnSuccess(v -> known.add(day)))
                .then();
    }

    /** Forget what we believe exists: another replica's retention may have dropped a partition. */
    void forget() {
        known.clear();
    }

    /** The days that currently have a partition. */
    Flux<LocalDate> list() {
        return db.sql("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "WHERE i.inhparent = 'qos_sample'::regclass ORDER BY c.relname")
                .map(row -> row.get(0, String.class))
                .all()
                .filter(name -> name.matches(PREFIX + "\\d{8}"))
                .map(name -> LocalDate.parse(name.substring(PREFIX.length()), SUFFIX));
    }

    /** Drops a whole day: instant, and leaves no dead tuples behind. */
    Mono<Void> drop(LocalDate day) {
        known.remove(day);
        return db.sql("DROP TABLE IF EXISTS " + PREFIX + day.format(SUFFIX)).then();
    }
}
