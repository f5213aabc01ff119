package io.zoomqos.collector.events.reconcile;

import io.zoomqos.collector.polling.MeetingSignal;
import io.zoomqos.collector.zoom.LiveMeeting;
import io.zoomqos.collector.zoom.PastMeeting;
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
    /** Known from, or ended by, Zoom's list of past meetings: both its events were missed. */
    static final String PAST = "reconcile-past";

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
        return end(accountId, uuid, at, CLOSED_BY);
    }

    /**
     * An ended meeting we never heard of: created ended, with Zoom's times, so it goes to its final
     * sweep. A row that exists (known live, ended, or already swept) is left alone and nothing is
     * emitted: no meeting is swept twice.
     */
    Mono<MeetingSignal> adoptEnded(String accountId, PastMeeting m, Instant endedBy) {
        Instant end = m.endTime() != null ? m.endTime() : endedBy;
        Instant start = m.startTime() != null && !m.startTime().isAfter(end) ? m.startTime() : end;
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO meeting (meeting_uuid, meeting_id, account_id, topic, state, start_time, end_time,
                                             discovered_by, closed_by)
                        VALUES ($1, $2, $3, $4, 'ended', $5, $6, $7, $7)
                        ON CONFLICT (meeting_uuid) DO NOTHING
                        RETURNING meeting_id""")
                .bind(0, m.uuid()).bind(1, m.meetingId()).bind(2, accountId)
                .bind(4, start.atOffset(ZoneOffset.UTC)).bind(5, end.atOffset(ZoneOffset.UTC)).bind(6, PAST);
        spec = m.topic() == null ? spec.bindNull(3, String.class) : spec.bind(3, m.topic());
        return spec.map(row -> new MeetingSignal(accountId, m.uuid(), row.get("meeting_id", Long.class),
                        MeetingSignal.Kind.ENDED, end))
                .one();
    }

    /** Where the last past reconciliation of the account stopped; empty before the first. */
    Mono<Instant> pastCovered(String accountId) {
        return db.sql("SELECT past_covered_to FROM reconcile_watermark WHERE account_id = $1")
                .bind(0, accountId)
                .map(row -> row.get("past_covered_to", OffsetDateTime.class).toInstant())
                .one();
    }

    /** Records that every meeting that ended before {@code to} was listed; never moves back (two replicas in a take-over). */
    Mono<Void> cover(String accountId, Instant to) {
        return db.sql("""
                        INSERT INTO reconcile_watermark (account_id, past_covered_to) VALUES ($1, $2)
                        ON CONFLICT (account_id) DO UPDATE
                           SET past_covered_to = GREATEST(reconcile_watermark.past_covered_to, EXCLUDED.past_covered_to),
                               updated_at = now()""")
                .bind(0, accountId).bind(1, to.atOffset(ZoneOffset.UTC))
                .then();
    }

    Mono<MeetingSignal> end(String accountId, String uuid, Instant at, String cause) {
        return db.sql("""
                        UPDATE meeting SET state = 'ended', end_time = COALESCE(end_time, $2), closed_by = $3,
                               previous_state = state, updated_at = now()
                         WHERE meeting_uuid = $1 AND state = 'live'
                        RETURNING meeting_id""")
                .bind(0, uuid).bind(1, at.atOffset(ZoneOffset.UTC)).bind(2, cause)
                .map(row -> new MeetingSignal(accountId, uuid, row.get("meeting_id", Long.class), MeetingSignal.Kind.ENDED, at))
                .one();
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
