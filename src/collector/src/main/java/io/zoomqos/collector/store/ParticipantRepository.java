package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.ParticipantInfo;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who took part in a meeting ({@code participant}, keyed by meeting and
 * {@link ParticipantInfo#keyFor participant key}). An upsert only fills values still absent, keeps
 * the earliest {@code join_time} and the latest {@code leave_time} (a rejoin is listed again), so
 * repeated polls of the same list never duplicate nor erase.
 */
public class ParticipantRepository {

    private static final String UPSERT = """
            INSERT INTO participant AS p (meeting_uuid, participant_key, user_id, participant_uuid, user_name, device,
                                          location, network_type, join_time, leave_time, client_version)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                 $8::text[], $9::text[]::timestamptz[], $10::text[]::timestamptz[], $11::text[])
            ON CONFLICT (meeting_uuid, participant_key) DO UPDATE SET
                user_id          = COALESCE(p.user_id, EXCLUDED.user_id),
                participant_uuid = COALESCE(p.participant_uuid, EXCLUDED.participant_uuid),
                user_name        = COALESCE(p.user_name, EXCLUDED.user_name),
                device           = COALESCE(p.device, EXCLUDED.device),
                location         = COALESCE(p.location, EXCLUDED.location),
                network_type     = COALESCE(p.network_type, EXCLUDED.network_type),
                join_time        = LEAST(p.join_time, EXCLUDED.join_time),
                leave_time       = GREATEST(p.leave_time, EXCLUDED.leave_time),
                client_version   = COALESCE(p.client_version, EXCLUDED.client_version),
                updated_at       = now()
            WHERE (p.user_id IS NULL AND EXCLUDED.user_id IS NOT NULL)
               OR (p.participant_uuid IS NULL AND EXCLUDED.participant_uuid IS NOT NULL)
               OR (p.user_name IS NULL AND EXCLUDED.user_name IS NOT NULL)
               OR (p.device IS NULL AND EXCLUDED.device IS NOT NULL)
               OR (p.location IS NULL AND EXCLUDED.location IS NOT NULL)
               OR (p.network_type IS NULL AND EXCLUDED.network_type IS NOT NULL)
               OR (EXCLUDED.join_time < p.join_time OR (p.join_time IS NULL AND EXCLUDED.join_time IS NOT NULL))
               OR (EXCLUDED.leave_time > p.leave_time OR (p.leave_time IS NULL AND EXCLUDED.leave_time IS NOT NULL))
               OR (p.client_version IS NULL AND EXCLUDED.client_version IS NOT NULL)
            """;

    private final DatabaseClient db;

    ParticipantRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts or completes the participants in one statement; emits how many rows were inserted or changed. */
    public Mono<Long> upsert(Collection<ParticipantInfo> participants) {
        if (participants.isEmpty()) {
            return Mono.just(0L);
        }
        // Zoom lists a participant once per join; one statement must not touch a key twice.
        Map<List<String>, ParticipantInfo> byKey = new LinkedHashMap<>();
        for (ParticipantInfo p : participants) {
            byKey.merge(List.of(p.meetingUuid(), p.participantKey()), normalised(p), ParticipantRepository::merge);
        }
        List<ParticipantInfo> rows = List.copyOf(byKey.values());
        int n = rows.size();
        String[][] text = new String[11][n];
        for (int i = 0; i < n; i++) {
            ParticipantInfo p = rows.get(i);
            text[0][i] = p.meetingUuid();
            text[1][i] = p.participantKey();
            text[2][i] = p.userId();
            text[3][i] = p.participantUuid();
            text[4][i] = p.userName();
            text[5][i] = p.device();
            text[6][i] = p.location();
            text[7][i] = p.networkType();
            text[8][i] = p.joinTime() == null ? null : p.joinTime().toString();
            text[9][i] = p.leaveTime() == null ? null : p.leaveTime().toString();
            text[10][i] = p.clientVersion();
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(UPSERT);
        for (int c = 0; c < text.length; c++) {
            spec = spec.bind(c, text[c]);
        }
        return spec.fetch().rowsUpdated();
    }

    /** The meeting's participants, by join time (unknown last), then key. */
    public Flux<ParticipantInfo> findByMeeting(String meetingUuid) {
        return db.sql("SELECT * FROM participant WHERE meeting_uuid = $1 ORDER BY join_time NULLS LAST, participant_key")
                .bind(0, meetingUuid)
                .map(row -> new ParticipantInfo(row.get("meeting_uuid", String.class), row.get("participant_key", String.class),
                        row.get("user_id", String.class), row.get("participant_uuid", String.class),
                        row.get("user_name", String.class), row.get("device", String.class),
                        row.get("location", String.class), row.get("network_type", String.class),
                        row.get("join_time", Instant.class), row.get("leave_time", Instant.class),
                        row.get("client_version", String.class)))
                .all();
    }

    /** Zoom sends "" for unknown values; store them as absent so a later poll can fill them in. */
    private static ParticipantInfo normalised(ParticipantInfo p) {
        return new ParticipantInfo(p.meetingUuid(), p.participantKey(), blank(p.userId()), blank(p.participantUuid()),
                blank(p.userName()), blank(p.device()), blank(p.location()), blank(p.networkType()), p.joinTime(),
                p.leaveTime(), blank(p.clientVersion()));
    }

    private static ParticipantInfo merge(ParticipantInfo a, ParticipantInfo b) {
        Instant join = a.joinTime() == null || (b.joinTime() != null && b.joinTime().isBefore(a.joinTime()))
                ? b.joinTime() : a.joinTime();
        Instant leave = a.leaveTime() == null || (b.leaveTime() != null && b.leaveTime().isAfter(a.leaveTime()))
                ? b.leaveTime() : a.leaveTime();
        return new ParticipantInfo(a.meetingUuid(), a.participantKey(), or(a.userId(), b.userId()),
                or(a.participantUuid(), b.participantUuid()), or(a.userName(), b.userName()), or(a.device(), b.device()),
                or(a.location(), b.location()), or(a.networkType(), b.networkType()), join,
                leave, or(a.clientVersion(), b.clientVersion()));
    }

    private static <T> T or(T a, T b) {
        return a != null ? a : b;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
