package io.zoomqos.collector.events.reconcile;

import io.zoomqos.collector.polling.MeetingSignal;
import io.zoomqos.collector.zoom.LiveMeeting;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The meeting rows reconciliation reads and changes; each change says why ({@code discovered_by}, {@code closed_by}). */
class ReconcileRepository {

    static final String ADOPTED_BY = "reconcile";
    static final String CLOSED_BY = "reconcile-not-listed";

    /** A meeting we think live. */
    record Known(String uuid, @Nullable Instant startTime) {
    }

    private final DatabaseClient db;

    ReconcileRepository(DatabaseClient db) {
        this.db = db;
    }

    Flux<Known> live(String accountId) {
        return db.sql("SELECT meeting_uuid, start_time FROM meeting WHERE account_id = $1 AND state = 'live'")
                .bind(0, accountId)
                .map(row -> new Known(row.get("meeting_uuid", String.class),
                        instant(row.get("start_time", OffsetDateTime.class))))
                .all();
    }

    /**
     * A live meeting whose start we missed: created live with Zoom's start time. A row that exists
     * (an event came meanwhile, or the meeting already ended for us: ended is final) is left alone;
     * then nothing is emitted.
     */
    Mono<MeetingSignal> adopt(String accountId, LiveMeeting m, Instant now) {
        Instant start = m.startTime() != null ? m.startTime() : now;
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO meeting (meeting_uuid, meeting_id, account_id, topic, state, start_time, discovered_by)
                        VALUES ($1, $2, $3, $4, 'live', $5, $6)
                        ON CONFLICT (meeting_uuid) DO NOTHING
                        RETURNING meeting_id""")
                .bind(0, m.uuid()).bind(1, m.meetingId()).bind(2, accountId)
                .bind(4, start.atOffset(ZoneOffset.UTC)).bind(5, ADOPTED_BY);
        spec = m.topic() == null ? spec.bindNull(3, String.class) : spec.bind(3, m.topic());
        return spec.map(row -> new MeetingSignal(accountId, m.uuid(), row.get("meeting_id", Long.class),
                        MeetingSignal.Kind.STARTED, start))
                .one();
    }

    /** A meeting Zoom no longer lists: ended now, unless an event ended it meanwhile (then nothing is emitted). */
    Mono<MeetingSignal> end(String accountId, String uuid, Instant at) {
        return db.sql("""
                        UPDATE meeting SET state = 'ended', end_time = COALESCE(end_time, $2), closed_by = $3,
                               previous_state = state, updated_at = now()
                         WHERE meeting_uuid = $1 AND state = 'live'
                        RETURNING meeting_id""")
                .bind(0, uuid).bind(1, at.atOffset(ZoneOffset.UTC)).bind(2, CLOSED_BY)
                .map(row -> new MeetingSignal(accountId, uuid, row.get("meeting_id", Long.class), MeetingSignal.Kind.ENDED, at))
                .one();
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
