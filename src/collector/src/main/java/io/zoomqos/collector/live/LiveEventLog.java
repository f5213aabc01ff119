package io.zoomqos.collector.live;

import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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

    private static final String INSERT = """
            INSERT INTO live_event (type, account_id, meeting_uuid, participant_key, payload)
            VALUES (:type, :account, :meeting, :participant, :payload)
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

    public LiveEventLog(DatabaseClient db, ReactiveTransactionManager transactions, QosFeed feed, ObjectMapper mapper) {
        this.db = db;
        this.tx = TransactionalOperator.create(transactions);
        this.feed = feed;
        this.mapper = mapper;
    }

    /**
     * Stores the event, commits, and only then publishes it to the feed; emits it with its id as
     * {@code seq}. {@code payload} must be JSON-serialisable.
     *
     * @throws IllegalArgumentException (as the Mono's error) for SAMPLE and BUDGET, which are not kept here
     */
    public Mono<FeedEvent> append(FeedEvent.Type type, String accountId, String meetingUuid, String participantKey,
                                  Object payload) {
        return Mono.defer(() -> {
            if (type.source() != FeedEvent.Source.EVENTS) {
                return Mono.error(new IllegalArgumentException(type + " events are not kept in live_event"));
            }
            String json = mapper.writeValueAsString(payload);
            DatabaseClient.GenericExecuteSpec insert = db.sql(INSERT)
                    .bind("type", type.name())
                    .bind("account", accountId)
                    .bind("payload", Json.of(json));
            insert = bindNullable(insert, "meeting", meetingUuid);
            insert = bindNullable(insert, "participant", participantKey);
            // collectList emits only when the transactional flux completes, i.e. after COMMIT
            // answered: publishing earlier could show a replaying subscriber a row it cannot read.
            // One writer at a time (transaction-scoped advisory lock, as for samples): ids then
            // commit in id order, so a reader resuming after id N never later sees a commit below N.
            Flux<Long> ordered = db.sql("SELECT pg_advisory_xact_lock($1)").bind(0, EVENT_LOCK_KEY).then()
                    .thenMany(insert.map(row -> row.get("id", Long.class)).all());
            return tx.transactional(ordered)
                    .collectList()
                    .map(ids -> new FeedEvent(type, accountId, meetingUuid, participantKey, ids.get(0), payload))
                    .doOnNext(feed::publish);
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
