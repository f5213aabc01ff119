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

    /** A live meeting as the pin rules see it. */
    record LiveMeeting(String meetingUuid, long meetingId, String hostId, String topic) {
    }

    Flux<LiveMeeting> live() {
        return db.sql("SELECT meeting_uuid, meeting_id, host_id, topic FROM meeting WHERE state = 'live'")
                .map(row -> new LiveMeeting(row.get("meeting_uuid", String.class), row.get("meeting_id", Long.class),
                        row.get("host_id", String.class), row.get("topic", String.class)))
                .all();
    }

    /** The planner's view of live meetings whose state changed, in one statement. */
    Mono<Void> liveStates(java.util.List<LiveState> states) {
        if (states.isEmpty()) {
            return Mono.empty();
        }
        int n = states.size();
        String[] u = new String[n];
        String[] st = new String[n];
        String[] r = new String[n];
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            LiveState s = states.get(i);
            u[i] = s.meetingUuid();
            st[i] = s.state();
            r[i] = s.reason();
            a[i] = s.attention().name().toLowerCase();
        }
        return db.sql("""
                        UPDATE meeting m SET live_state = x.s, live_reason = x.r, attention = x.a
                          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(u, s, r, a)
                         WHERE m.meeting_uuid = x.u AND m.state = 'live'""")
                .bind(0, u).bind(1, st).bind(2, r).bind(3, a).then();
    }

    /** What the sweep forecast reads: live meetings and their rosters, meetings ended since {@code dayStart}. */
    record DayDemand(int liveMeetings, long livePages, long endedToday, long endedSweepCalls) {
    }

    /**
     * Rosters from the join/leave webhooks ({@code meeting_participant}); a meeting without one
     * counts one page.
     */
    Mono<DayDemand> dayDemand(String accountId, Instant dayStart) {
        return db.sql("""
                        SELECT count(*) FILTER (WHERE m.state = 'live') AS live,
                               COALESCE(sum(GREATEST(1, (r.n + 9) / 10)) FILTER (WHERE m.state = 'live'), 0) AS live_pages,
                               count(*) FILTER (WHERE m.state = 'ended') AS ended,
                               COALESCE(sum(GREATEST(1, (r.n + 9) / 10)) FILTER (WHERE m.state = 'ended'), 0) AS ended_calls
                          FROM meeting m
                          LEFT JOIN LATERAL (SELECT count(*) AS n FROM meeting_participant p
                                              WHERE p.meeting_uuid = m.meeting_uuid) r ON true
                         WHERE m.account_id = :account AND (m.state = 'live' OR m.end_time >= :dayStart)""")
                .bind("account", accountId).bind("dayStart", dayStart.atOffset(ZoneOffset.UTC))
                .map(row -> new DayDemand(((Number) row.get("live")).intValue(), ((Number) row.get("live_pages")).longValue(),
                        ((Number) row.get("ended")).longValue(), ((Number) row.get("ended_calls")).longValue()))
                .one();
    }

    /**
     * The meetings of one past UTC day for its {@link DemandProfile}: when they were live and their
     * pages per poll (rosters as in {@link #dayDemand}).
     */
    Mono<DemandProfile> profile(String accountId, java.time.LocalDate day) {
        Instant from = day.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = from.plus(java.time.Duration.ofDays(1));
        return db.sql("""
                        SELECT m.start_time, m.end_time, GREATEST(1, (r.n + 9) / 10) AS pages
                          FROM meeting m
                          LEFT JOIN LATERAL (SELECT count(*) AS n FROM meeting_participant p
                                              WHERE p.meeting_uuid = m.meeting_uuid) r ON true
                         WHERE m.account_id = :account AND m.start_time < :to AND m.end_time >= :from""")
                .bind("account", accountId).bind("from", from.atOffset(ZoneOffset.UTC)).bind("to", to.atOffset(ZoneOffset.UTC))
                .map(row -> new DemandProfile.Span(instant(row.get("start_time", OffsetDateTime.class)),
                        instant(row.get("end_time", OffsetDateTime.class)), ((Number) row.get("pages")).longValue()))
                .all()
                .collectList()
                .map(spans -> spans.isEmpty() ? DemandProfile.NONE : DemandProfile.of(day, spans));
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
