package io.zoomqos.collector.store;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads meetings. Writes happen in the webhook ingestion (one transaction per batch of
 * webhooks), so this class only ever sees committed meetings.
 */
@Repository
public class MeetingRepository {

    private static final String COLUMNS = "meeting_uuid, meeting_id, account_id, host_id, topic, meeting_type, state, "
            + "start_time, end_time, participant_count, updated_at, discovered_by, closed_by, "
            + "CASE WHEN state = 'live' THEN live_state END AS live_state, "
            + "CASE WHEN state = 'live' THEN live_reason END AS live_reason, "
            + "CASE WHEN state = 'live' THEN attention END AS attention, "
            + "EXISTS (SELECT 1 FROM meeting_pin p WHERE p.meeting_uuid = meeting.meeting_uuid) AS pinned";

    private final DatabaseClient db;

    public MeetingRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Meeting> findByUuid(String uuid) {
        return db.sql("SELECT " + COLUMNS + " FROM meeting WHERE meeting_uuid = $1")
                .bind(0, uuid)
                .map(MeetingRepository::meeting)
                .one();
    }

    /**
     * Most recently changed first.
     *
     * @param state null for every state
     * @param accountId null for every account
     * @param limit at most this many
     */
    public Flux<Meeting> find(MeetingState state, String accountId, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM meeting"
                        + " WHERE ($1 = '' OR state = $1) AND ($2 = '' OR account_id = $2)"
                        + " ORDER BY updated_at DESC, meeting_uuid LIMIT $3")
                // '' stands for "any": simpler than typed null binds, and never a real state or account id
                .bind(0, state == null ? "" : state.dbValue())
                .bind(1, accountId == null ? "" : accountId)
                .bind(2, limit)
                .map(MeetingRepository::meeting)
                .all();
    }

    /** The live meetings of one account (what the poller must watch). */
    public Flux<Meeting> findLive(String accountId) {
        return find(MeetingState.LIVE, accountId, Integer.MAX_VALUE);
    }

    private static Meeting meeting(Readable row) {
        return new Meeting(
                row.get("meeting_uuid", String.class),
                row.get("meeting_id", Long.class),
                row.get("account_id", String.class),
                row.get("host_id", String.class),
                row.get("topic", String.class),
                row.get("meeting_type", Integer.class),
                MeetingState.parse(row.get("state", String.class)),
                instant(row.get("start_time", OffsetDateTime.class)),
                instant(row.get("end_time", OffsetDateTime.class)),
                row.get("participant_count", Integer.class),
                instant(row.get("updated_at", OffsetDateTime.class)),
                row.get("live_state", String.class),
                row.get("live_reason", String.class),
                row.get("attention", String.class),
                Boolean.TRUE.equals(row.get("pinned", Boolean.class)),
                row.get("discovered_by", String.class),
                row.get("closed_by", String.class));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
