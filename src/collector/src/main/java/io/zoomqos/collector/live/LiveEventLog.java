package io.zoomqos.collector.live;

import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.ObjectMapper;

/**
 * The replayable log of the feed's non-sample events (MEETING, SUMMARY, ALERT) in table
 * {@code live_event}: its id is the second part of the feed cursor. Samples are replayed from the
 * store's own table instead; budget events are not kept (the next one supersedes them).
 */
@Component
public class LiveEventLog {

    /** Arbitrary constant key of the event writers' advisory lock ("qosE"). */
    static final long EVENT_LOCK_KEY = 0x716f7345L;

    /** Events waiting for a commit; beyond it an append fails at once (callers log feed trouble and go on). */
    static final int MAX_QUEUED = 20_000;

    /** Events per transaction. */
    static final int MAX_BATCH = 1_000;

    // Many events in one statement, in the list's order (ORDER BY n: the sequence hands out ids
    // in that order, so the ascending ids map back onto the list).
    private static final String INSERT_ALL = """
            INSERT INTO live_event (type, account_id, meeting_uuid, participant_key, payload)
            SELECT t, a, m, p, j::jsonb
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS x(t, a, m, p, j, n)
             ORDER BY n
            RETURNING id""";

    // A null filter field matches everything; a row without a participant passes a participant
    // filter (see FeedFilter).
    private static final String AFTER = """
            SELECT id, type, account_id, meeting_uuid, participant_key, payload FROM live_event
            WHERE id > :after
              AND (CAST(:account AS text) IS NULL OR account_id = :account)
              AND (CAST(:meeting AS text) IS NULL OR meeting_uuid = :meeting)
              AND (CAST(:participant AS text) IS NULL OR participant_key IS NULL OR participant_key = :participant)
            ORDER BY id
            LIMIT :limit""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final QosFeed feed;
    private final ObjectMapper mapper;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();

    public LiveEventLog(DatabaseClient db, ReactiveTransactionManager transactions, QosFeed feed, ObjectMapper mapper) {
        this.db = db;
        this.tx = TransactionalOperator.create(transactions);
        this.feed = feed;
        this.mapper = mapper;
    }

    /**
     * Stores the event, commits, and only then publishes it to the feed; emits it with its id as
     * {@code seq}. {@code payload} must be JSON-serialisable. Appends made while a commit is in
     * flight wait in a bounded queue and go together in the next transaction (group commit): a
     * burst (2,000 {@code meeting.started} at once, a batch of samples raising hundreds of
     * alerts, every live state of a refresh) costs a few commits instead of one each, and holds
     * one pooled connection instead of one per event waiting for the writers' lock.
     *
     * @throws IllegalArgumentException (as the Mono's error) for SAMPLE and BUDGET, which are not kept here
     * @throws IllegalStateException (as the Mono's error) when {@value #MAX_QUEUED} events wait already
     */
    public Mono<FeedEvent> append(FeedEvent.Type type, String accountId, @Nullable String meetingUuid,
                                  @Nullable String participantKey, Object payload) {
        return Mono.defer(() -> {
            if (type.source() != FeedEvent.Source.EVENTS) {
                return Mono.error(new IllegalArgumentException(type + " events are not kept in live_event"));
            }
            if (queued.incrementAndGet() > MAX_QUEUED) {
                queued.decrementAndGet();
                return Mono.error(new IllegalStateException("live event log: " + MAX_QUEUED + " events wait for a commit"));
            }
            String json;
            try {
                json = mapper.writeValueAsString(payload);
            } catch (RuntimeException e) {
                queued.decrementAndGet();
                return Mono.error(e);
            }
            Sinks.One<FeedEvent> sink = Sinks.one();
            queue.add(new Pending(new Entry(type, accountId, meetingUuid, participantKey, payload), json, sink));
            drain();
            return sink.asMono();
        });
    }

    /** One event for {@link #appendAll}. */
    public record Entry(FeedEvent.Type type, String accountId, @Nullable String meetingUuid,
                        @Nullable String participantKey, Object payload) {
    }

    /** As {@link #append} for each entry (they share commits); emits them in the list's order. */
    public Mono<List<FeedEvent>> appendAll(List<Entry> entries) {
        return Flux.fromIterable(entries)
                .flatMapSequential(e -> append(e.type(), e.accountId(), e.meetingUuid(), e.participantKey(), e.payload()),
                        Math.max(1, entries.size()))
                .collectList();
    }

    private record Pending(Entry entry, String json, Sinks.One<FeedEvent> sink) {
    }

    /** Starts a commit of what is queued unless one is in flight; the finishing one drains again. */
    private void drain() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            List<Pending> batch = new ArrayList<>();
            Pending p;
            while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
                batch.add(p);
                queued.decrementAndGet();
            }
            if (batch.isEmpty()) {
                writing.set(false);
                continue;
            }
            insertAll(batch).subscribe(events -> {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).sink().tryEmitValue(events.get(i));
                }
            }, error -> {
                batch.forEach(b -> b.sink().tryEmitError(error));
                writing.set(false);
                drain();
            }, () -> {
                writing.set(false);
                drain();
            });
        }
    }

    /** One transaction, one statement; publishes after the commit, in id order. */
    private Mono<List<FeedEvent>> insertAll(List<Pending> batch) {
        return Mono.defer(() -> {
            int n = batch.size();
            String[] types = new String[n];
            String[] accounts = new String[n];
            @Nullable String[] meetings = new String[n];
            @Nullable String[] participants = new String[n];
            String[] payloads = new String[n];
            for (int i = 0; i < n; i++) {
                Entry e = batch.get(i).entry();
                types[i] = e.type().name();
                accounts[i] = e.accountId();
                meetings[i] = e.meetingUuid();
                participants[i] = e.participantKey();
                payloads[i] = batch.get(i).json();
            }
            // collectSortedList emits only when the transactional flux completes, i.e. after COMMIT
            // answered: publishing earlier could show a replaying subscriber a row it cannot read.
            // One writer at a time (transaction-scoped advisory lock, as for samples): ids then
            // commit in id order, so a reader resuming after id N never later sees a commit below N.
            Flux<Long> ordered = db.sql("SELECT pg_advisory_xact_lock($1)").bind(0, EVENT_LOCK_KEY).then()
                    .thenMany(db.sql(INSERT_ALL).bind(0, types).bind(1, accounts).bind(2, meetings).bind(3, participants)
                            .bind(4, payloads).map(row -> row.get("id", Long.class)).all());
            return tx.transactional(ordered)
                    .collectSortedList()
                    .map(ids -> {
                        List<FeedEvent> out = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            Entry e = batch.get(i).entry();
                            out.add(new FeedEvent(e.type(), e.accountId(), e.meetingUuid(), e.participantKey(), ids.get(i),
                                    e.payload()));
                        }
                        out.forEach(feed::publish);
                        return out;
                    });
        });
    }

    /** Events with {@code id > afterId} passing {@code filter}, ascending, at most {@code limit}; {@code data} is the stored JSON. */
    public Flux<FeedEvent> eventsAfter(long afterId, FeedFilter filter, int limit) {
        return eventsAfter(db, afterId, filter, limit);
    }

    /** The same, read through {@code reader} (the feed's own pool, see {@link ReplayDatabase}). */
    Flux<FeedEvent> eventsAfter(DatabaseClient reader, long afterId, FeedFilter filter, int limit) {
        DatabaseClient.GenericExecuteSpec select = reader.sql(AFTER).bind("after", afterId).bind("limit", limit);
        select = bindNullable(select, "account", filter.accountId());
        select = bindNullable(select, "meeting", filter.meetingUuid());
        select = bindNullable(select, "participant", filter.participantKey());
        return select.map(row -> new FeedEvent(
                        FeedEvent.Type.valueOf(row.get("type", String.class)),
                        row.get("account_id", String.class),
                        row.get("meeting_uuid", String.class),
                        row.get("participant_key", String.class),
                        row.get("id", Long.class),
                        mapper.readTree(row.get("payload", Json.class).asString())))
                .all();
    }

    /** The highest id committed now, 0 when the log is empty. */
    public Mono<Long> latestId() {
        return latestId(db);
    }

    /** The same, read through {@code reader}. */
    Mono<Long> latestId(DatabaseClient reader) {
        return reader.sql("SELECT COALESCE(MAX(id), 0) AS id FROM live_event")
                .map(row -> row.get("id", Long.class))
                .one();
    }

    /** Deletes events created before {@code cutoff}; emits how many. */
    public Mono<Long> deleteOlderThan(Instant cutoff) {
        return db.sql("DELETE FROM live_event WHERE created_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch()
                .rowsUpdated();
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, String name,
                                                                  String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

}
