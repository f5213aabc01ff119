package io.zoomqos.collector.polling;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The planner's durable state on the {@code meeting} table (columns of migration V7). */
@Repository
class PollStateRepository {

    /** A meeting the planner must track after a restart. */
    record UnfinishedMeeting(String meetingUuid, Instant startedAt, Instant endedAt, Instant lastPolledAt) {
    }

    private final DatabaseClient db;

    PollStateRepository(DatabaseClient db) {
        this.db = db;
    }

    Flux<UnfinishedMeeting> unfinished(String accountId) {
        return db.sql("""
                        SELECT meeting_uuid, start_time, end_time, last_polled_at FROM meeting
                        WHERE account_id = :account AND (state = 'live' OR sweep_state = 'pending')""")
                .bind("account", accountId)
                .map(row -> new UnfinishedMeeting(row.get("meeting_uuid", String.class),
                        instant(row.get("start_time", OffsetDateTime.class)),
                        instant(row.get("end_time", OffsetDateTime.class)),
                        instant(row.get("last_polled_at", OffsetDateTime.class))))
                .all();
    }

    Mono<Void> polled(String meetingUuid, Instant at) {
        return db.sql("UPDATE meeting SET last_polled_at = GREATEST(last_polled_at, :at), updated_at = now() WHERE meeting_uuid = :uuid")
                .bind("at", at.atOffset(ZoneOffset.UTC)).bind("uuid", meetingUuid).then();
    }

    /** The stop rule: closes a meeting still live. A real {@code meeting.ended} that came meanwhile wins. */
    Mono<Void> closedByStopRule(String meetingUuid, String reason, Instant at) {
        return db.sql("""
                        UPDATE meeting SET state = 'ended', end_time = COALESCE(end_time, :at), closed_by = :reason, updated_at = now()
                        WHERE meeting_uuid = :uuid AND state = 'live'""")
                .bind("at", at.atOffset(ZoneOffset.UTC)).bind("reason", reason).bind("uuid", meetingUuid).then();
    }

    Mono<Void> swept(String meetingUuid, Instant at) {
        return finishSweep(meetingUuid, "swept", null, at);
    }

    Mono<Void> sweepGivenUp(String meetingUuid, String reason, Instant at) {
        return finishSweep(meetingUuid, "given_up", reason, at);
    }

    /**
     * A finished sweep also ends the meeting if it still counted as live (Zoom said the meeting is
     * gone during a live poll): otherwise the periodic reload would bring it back for ever.
     */
    private Mono<Void> finishSweep(String meetingUuid, String state, String note, Instant at) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        UPDATE meeting SET sweep_state = :state, swept_at = :at, sweep_note = :note, updated_at = now(),
                               state = 'ended', end_time = COALESCE(end_time, :at)
                        WHERE meeting_uuid = :uuid""")
                .bind("state", state).bind("at", at.atOffset(ZoneOffset.UTC)).bind("uuid", meetingUuid);
        spec = note == null ? spec.bindNull("note", String.class) : spec.bind("note", note);
        return spec.then();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
