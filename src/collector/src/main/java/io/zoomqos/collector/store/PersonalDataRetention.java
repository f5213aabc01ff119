package io.zoomqos.collector.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes what names or describes people once it is older than the retention horizon: raw webhook
 * payloads, participant rows (names, user ids, devices, locations), the webhook participant state,
 * summaries, and finished meetings (host id, topic) with everything kept about them.
 *
 * <p>A finished meeting (ended, and its sweep no longer pending) expires when its row last changed
 * before the cut-off; its participants, summaries and events go with it. Rows of tables with a time
 * of their own also expire by that time alone, so a row whose meeting row never arrived cannot
 * outlive the horizon. Children are deleted before the meeting row: a run that fails half way
 * leaves the meeting for the next run to find again.
 */
final class PersonalDataRetention {

    private static final String EXPIRED_MEETINGS = """
            SELECT meeting_uuid FROM meeting
             WHERE state = 'ended' AND sweep_state <> 'pending' AND updated_at < $1""";

    /** Table, then the statement that empties it of expired rows ($1 the cut-off, $2 the same in epoch ms). */
    private static final List<Map.Entry<String, String>> STATEMENTS = List.of(
            Map.entry("webhook_event", "DELETE FROM webhook_event WHERE received_at < $1 OR meeting_uuid IN ("
                    + EXPIRED_MEETINGS + ")"),
            Map.entry("meeting_participant", "DELETE FROM meeting_participant WHERE last_event_ts < $2 OR meeting_uuid IN ("
                    + EXPIRED_MEETINGS + ")"),
            Map.entry("participant", "DELETE FROM participant WHERE updated_at < $1 OR meeting_uuid IN ("
                    + EXPIRED_MEETINGS + ")"),
            Map.entry("participant_stream_summary", "DELETE FROM participant_stream_summary s USING participant_summary p"
                    + " WHERE p.meeting_uuid = s.meeting_uuid AND p.participant_key = s.participant_key"
                    + " AND (p.computed_at < $1 OR p.meeting_uuid IN (" + EXPIRED_MEETINGS + "))"),
            Map.entry("participant_summary", "DELETE FROM participant_summary WHERE computed_at < $1 OR meeting_uuid IN ("
                    + EXPIRED_MEETINGS + ")"),
            Map.entry("meeting_stream_summary", "DELETE FROM meeting_stream_summary s USING meeting_summary m"
                    + " WHERE m.meeting_uuid = s.meeting_uuid AND (m.computed_at < $1 OR m.meeting_uuid IN ("
                    + EXPIRED_MEETINGS + "))"),
            Map.entry("meeting_summary", "DELETE FROM meeting_summary WHERE computed_at < $1 OR meeting_uuid IN ("
                    + EXPIRED_MEETINGS + ")"),
            Map.entry("meeting", "DELETE FROM meeting WHERE meeting_uuid IN (" + EXPIRED_MEETINGS + ")"));

    private final DatabaseClient db;

    PersonalDataRetention(DatabaseClient db) {
        this.db = db;
    }

    /** Deletes the expired rows, table by table in order; emits the rows deleted per table. */
    Mono<Map<String, Long>> purge(Instant cutoff) {
        return Flux.fromIterable(STATEMENTS)
                .concatMap(s -> {
                    DatabaseClient.GenericExecuteSpec spec = db.sql(s.getValue()).bind(0, cutoff);
                    if (s.getValue().contains("$2")) {
                        spec = spec.bind(1, cutoff.toEpochMilli());
                    }
                    return spec.fetch().rowsUpdated().map(n -> Map.entry(s.getKey(), n));
                })
                .collect(LinkedHashMap<String, Long>::new, (m, e) -> m.put(e.getKey(), e.getValue()))
                .map(Collections::unmodifiableMap);
    }
}
