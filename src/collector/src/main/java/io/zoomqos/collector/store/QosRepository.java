package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.QosSample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import java.lang.reflect.Array;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Batched, idempotent storage of participant-minutes ({@code qos_sample}).
 *
 * <p>One call is one transaction: rows go in chunks of {@code chunkSize} through one
 * {@code INSERT ... SELECT FROM unnest(arrays)} each (55 bind parameters whatever the row count,
 * so the 65,535 parameter limit never applies), with {@code ON CONFLICT DO UPDATE ... WHERE} that
 * only fills values still NULL: a duplicate changes nothing and returns nothing, a re-sweep that
 * brings a value missing before completes the row and returns it with a new feed id.
 *
 * <p>Writers take one transaction-scoped advisory lock, so feed ids are handed out and committed
 * in the same order: a reader resuming after id N can never later see a commit below N. The wait
 * is on the server; no thread blocks.
 */
public class QosRepository {

    /** The highest sample id committed (0 when none), column {@code id}. */
    static final String LATEST_SAMPLE_ID = "SELECT coalesce(max(id), 0) AS id FROM qos_sample";


    static final int DEFAULT_CHUNK_SIZE = 1000;
    /** Arbitrary constant key of the writers' advisory lock ("qosS"). */
    static final long FEED_LOCK_KEY = 0x716f7353L;
    private static final String NO_PARTITION_SQLSTATE = "23514";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final SamplePartitions partitions;
    private final int chunkSize;
    private final String upsertSql;
    private final Counter inserted;
    private final Counter completed;
    private final Counter duplicate;
    private final DistributionSummary batchSize;

    QosRepository(DatabaseClient db, TransactionalOperator tx, SamplePartitions partitions, MeterRegistry meters, int chunkSize) {
        this.db = db;
        this.tx = tx;
        this.partitions = partitions;
        this.chunkSize = chunkSize;
        this.upsertSql = upsertSql();
        this.inserted = written(meters, "inserted");
        this.completed = written(meters, "completed");
        this.duplicate = written(meters, "duplicate");
        this.batchSize = DistributionSummary.builder("qos.store.batch.size")
                .description("samples per saveSamples call")
                .publishPercentileHistogram()
                .register(meters);
    }

    private static Counter written(MeterRegistry meters, String outcome) {
        return Counter.builder("qos.store.samples.written")
                .description("participant-minutes offered to the store, by what happened to them")
                .tag("outcome", outcome)
                .register(meters);
    }

    /**
     * Stores the samples exactly once each. Emits, after the commit, the rows that are new or were
     * completed by this call (duplicates are left out), ordered by feed id; an empty list when
     * nothing changed.
     */
    public Mono<List<StoredSample>> saveSamples(Collection<QosSample> samples) {
        return saveSamples(samples, SampleSource.POLL);
    }

    /**
     * As {@link #saveSamples(Collection)}, naming where the samples came from. A new row keeps
     * {@code source}; a row that exists already (from either source) is only completed, so a
     * participant-minute is stored once whichever source delivered it first.
     */
    public Mono<List<StoredSample>> saveSamples(Collection<QosSample> samples, SampleSource source) {
        return saveSamples(samples, source, Mono.just(Boolean.TRUE)).map(Saved::samples);
    }

    /** What {@link #saveSamples(Collection, SampleSource, Mono)} committed: {@code first}'s value and the samples. */
    public record Saved<T>(T first, List<StoredSample> samples) {
    }

    /**
     * As {@link #saveSamples(Collection, SampleSource)}, with {@code first} (statements that must
     * commit with the samples, e.g. the rows they belong to; it must emit one value and be safe to
     * run twice) in the same transaction, after the feed lock: one commit for all of it, and every
     * writer of samples takes the feed lock before any row lock, so writers cannot deadlock.
     * Without samples, {@code first} runs on its own.
     */
    public <T> Mono<Saved<T>> saveSamples(Collection<QosSample> samples, SampleSource source, Mono<T> first) {
        if (samples.isEmpty()) {
            return first.map(value -> new Saved<>(value, List.of()));
        }
        List<QosSample> unique = dedupe(samples);
        Set<LocalDate> days = unique.stream().map(s -> LocalDate.ofInstant(s.minute(), ZoneOffset.UTC))
                .collect(Collectors.toCollection(TreeSet::new));
        Mono<Saved<T>> write = Mono.defer(() -> partitions.ensure(days).then(writeAll(unique, source, first)));
        return write
                .onErrorResume(QosRepository::isNoPartition,
                        e -> {
                            // A partition we believed in was dropped by retention elsewhere: re-check once.
                            partitions.forget();
                            return write;
                        })
                .doOnSuccess(saved -> record(samples.size(), saved.samples()));
    }

    private <T> Mono<Saved<T>> writeAll(List<QosSample> unique, SampleSource source, Mono<T> first) {
        List<List<QosSample>> chunks = new ArrayList<>();
        for (int i = 0; i < unique.size(); i += chunkSize) {
            chunks.add(unique.subList(i, Math.min(unique.size(), i + chunkSize)));
        }
        Mono<Saved<T>> body = db.sql("SELECT pg_advisory_xact_lock($1)").bind(0, FEED_LOCK_KEY).then()
                .then(first)
                .flatMap(value -> Flux.fromIterable(chunks).concatMap(chunk -> upsertChunk(chunk, source))
                        .collectSortedList((a, b) -> Long.compare(a.id(), b.id()))
                        .map(stored -> new Saved<>(value, stored)));
        return tx.transactional(body);
    }

    private Flux<StoredSample> upsertChunk(List<QosSample> chunk, SampleSource source) {
        int n = chunk.size();
        String[] sources = new String[n];
        java.util.Arrays.fill(sources, source.dbValue());
        String[] meetings = new String[n];
        String[] keys = new String[n];
        String[] minutes = new String[n];
        for (int i = 0; i < n; i++) {
            QosSample s = chunk.get(i);
            meetings[i] = s.meetingUuid();
            keys[i] = s.participantKey();
            minutes[i] = s.minute().toString();
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(upsertSql).bind(0, meetings).bind(1, keys).bind(2, minutes)
                .bind(3, sources);
        int p = 4;
        for (SampleColumns.Column c : SampleColumns.VALUES) {
            Object values = Array.newInstance(c.javaType(), n);
            for (int i = 0; i < n; i++) {
                Array.set(values, i, c.getter().apply(chunk.get(i)));
            }
            spec = spec.bind(p++, values);
        }
        return spec.map(SampleColumns::readStored).all();
    }

    /**
     * Minutes stored per participant of one meeting (any source): what a QSS meeting's final
     * sweep compares with Zoom's participant list to fetch only what QSS did not deliver.
     */
    public Mono<Map<String, Integer>> minutesByParticipant(String meetingUuid) {
        return db.sql("SELECT participant_key, count(*)::int AS n FROM qos_sample WHERE meeting_uuid = $1 GROUP BY participant_key")
                .bind(0, meetingUuid)
                .map(row -> Map.entry(row.get("participant_key", String.class), row.get("n", Integer.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Rows committed with a feed id above {@code afterId}, in id order: the SSE resume. */
    public Flux<StoredSample> samplesAfter(long afterId, int limit) {
        return db.sql("SELECT * FROM qos_sample WHERE id > $1 ORDER BY id LIMIT $2")
                .bind(0, afterId).bind(1, limit)
                .map(SampleColumns::readStored)
                .all();
    }

    /** The highest committed feed id, 0 when empty: where a fresh live subscriber starts. */
    public Mono<Long> latestSampleId() {
        return db.sql(LATEST_SAMPLE_ID).map(row -> row.get("id", Long.class)).one();
    }

    /** Spring wraps the driver's exception; the SQLSTATE is on the cause. */
    private static boolean isNoPartition(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r && NO_PARTITION_SQLSTATE.equals(r.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    private void record(int offered, List<StoredSample> stored) {
        long fresh = stored.stream().filter(StoredSample::inserted).count();
        inserted.increment(fresh);
        completed.increment(stored.size() - fresh);
        duplicate.increment(offered - stored.size());
        batchSize.record(offered);
    }

    private static List<QosSample> dedupe(Collection<QosSample> samples) {
        Map<List<Object>, QosSample> byKey = new LinkedHashMap<>();
        for (QosSample s : samples) {
            byKey.merge(List.of(s.meetingUuid(), s.participantKey(), s.minute()), s, SampleColumns::merge);
        }
        return new ArrayList<>(byKey.values());
    }

    private static String upsertSql() {
        StringBuilder params = new StringBuilder("$1::text[], $2::text[], $3::text[]::timestamptz[], $4::text[]");
        int p = 5;
        for (SampleColumns.Column c : SampleColumns.VALUES) {
            params.append(", $").append(p++).append("::").append(c.arrayType());
        }
        String fill = SampleColumns.VALUES.stream()
                .map(c -> c.name() + " = COALESCE(s." + c.name() + ", EXCLUDED." + c.name() + ")")
                .collect(Collectors.joining(", "));
        String brings = SampleColumns.VALUES.stream()
                .map(c -> "(s." + c.name() + " IS NULL AND EXCLUDED." + c.name() + " IS NOT NULL)")
                .collect(Collectors.joining(" OR "));
        return "INSERT INTO qos_sample AS s (meeting_uuid, participant_key, minute, source, " + SampleColumns.VALUE_NAMES + ") "
                + "SELECT * FROM unnest(" + params + ") "
                + "ON CONFLICT (meeting_uuid, participant_key, minute) DO UPDATE SET " + fill
                + ", id = nextval('qos_sample_id_seq'), revision = s.revision + 1 "
                + "WHERE " + brings + " RETURNING s.*";
    }
}
