package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.StreamKind;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Per-participant and per-meeting QoS summaries, computed in SQL from {@code qos_sample}
 * (avg / max / {@code percentile_cont(0.95)}) and stored, so reads are a primary-key lookup.
 *
 * <p>{@link #recompute} rebuilds a whole meeting (after the final sweep);
 * {@link #recomputeParticipants} rebuilds only the participants a live poll touched plus the
 * meeting roll-up, whose stream percentiles still read the meeting's samples (one index range;
 * see docs/store.md#summaries for the measured cost).
 */
public class Summaries {

    /** Unpivots the wide row into one row per stream (stream, latency, jitter, loss, bitrate). */
    private static final String PER_STREAM = """
            SELECT q.participant_key, v.stream, v.latency, v.jitter, v.loss, v.bitrate
            FROM qos_sample q
            CROSS JOIN LATERAL (VALUES %s) AS v(stream, latency, jitter, loss, bitrate)
            WHERE q.meeting_uuid = $1 AND ($2::text[] IS NULL OR q.participant_key = ANY($2::text[]))
              AND (v.latency IS NOT NULL OR v.jitter IS NOT NULL OR v.loss IS NOT NULL OR v.bitrate IS NOT NULL)
            """.formatted(streamValues());

    private static final String STATS = """
            count(*),
            avg(latency), max(latency), percentile_cont(0.95) WITHIN GROUP (ORDER BY latency),
            avg(jitter), max(jitter), percentile_cont(0.95) WITHIN GROUP (ORDER BY jitter),
            avg(loss), max(loss), percentile_cont(0.95) WITHIN GROUP (ORDER BY loss),
            avg(bitrate), max(bitrate), percentile_cont(0.95) WITHIN GROUP (ORDER BY bitrate)
            """;

    private static final String STAT_COLUMNS = "minutes, latency_avg, latency_max, latency_p95, jitter_avg, jitter_max, "
            + "jitter_p95, loss_avg, loss_max, loss_p95, bitrate_avg, bitrate_max, bitrate_p95";

    private static final String INSERT_PARTICIPANT_STREAMS = "INSERT INTO participant_stream_summary (meeting_uuid, participant_key, stream, "
            + STAT_COLUMNS + ") SELECT $1, participant_key, stream, " + STATS + " FROM (" + PER_STREAM
            + ") s GROUP BY participant_key, stream";

    /** A minute is poor when the worst stream crosses a threshold; GREATEST skips absent streams. */
    private static final String INSERT_PARTICIPANTS = """
            INSERT INTO participant_summary (meeting_uuid, participant_key, minutes_with_data, poor_minutes, poor, computed_at)
            SELECT $1, participant_key, minutes, poor_minutes, poor_minutes::float8 / minutes > $6, now()
            FROM (SELECT participant_key, count(*) AS minutes,
                         count(*) FILTER (WHERE coalesce(GREATEST(%s) > $3, false)
                                             OR coalesce(GREATEST(%s) > $4, false)
                                             OR coalesce(GREATEST(%s) > $5, false)) AS poor_minutes
                  FROM qos_sample
                  WHERE meeting_uuid = $1 AND ($2::text[] IS NULL OR participant_key = ANY($2::text[]))
                  GROUP BY participant_key) m
            """.formatted(columns("latency_ms"), columns("jitter_ms"), columns("avg_loss_pct"));

    private static final String UPSERT_MEETING = """
            INSERT INTO meeting_summary AS m (meeting_uuid, participants, poor_participants, minutes_with_data, poor_minutes, computed_at)
            SELECT $1,
                   (SELECT count(*) FROM (SELECT participant_key FROM participant WHERE meeting_uuid = $1
                                          UNION SELECT participant_key FROM participant_summary WHERE meeting_uuid = $1) k),
                   count(*) FILTER (WHERE poor), coalesce(sum(minutes_with_data), 0), coalesce(sum(poor_minutes), 0), now()
            FROM participant_summary WHERE meeting_uuid = $1
            ON CONFLICT (meeting_uuid) DO UPDATE SET participants = EXCLUDED.participants,
                poor_participants = EXCLUDED.poor_participants, minutes_with_data = EXCLUDED.minutes_with_data,
                poor_minutes = EXCLUDED.poor_minutes, computed_at = EXCLUDED.computed_at
            """;

    private static final String INSERT_MEETING_STREAMS = "INSERT INTO meeting_stream_summary (meeting_uuid, stream, " + STAT_COLUMNS
            + ") SELECT $1, stream, " + STATS + " FROM (" + PER_STREAM + ") s GROUP BY stream";

    /** First key of the per-meeting summary lock (an arbitrary constant, "QSsU"); the second is hashtext(uuid). */
    static final int SUMMARY_LOCK_CLASS = 0x51537355;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final QualityProperties quality;

    Summaries(DatabaseClient db, TransactionalOperator tx, QualityProperties quality) {
        this.db = db;
        this.tx = tx;
        this.quality = quality;
    }

    /** Rebuilds every summary of the meeting from its samples; emits the meeting summary. */
    public Mono<MeetingSummary> recompute(String meetingUuid) {
        return tx.transactional(lock(meetingUuid).then(rebuildParticipants(meetingUuid, null)).then(rebuildMeeting(meetingUuid)))
                .then(meetingSummary(meetingUuid));
    }

    /**
     * Rebuilds the summaries of the given participants and the meeting roll-up: the cheap update
     * after a live poll, which only touches the participants it stored minutes for.
     */
    public Mono<Void> recomputeParticipants(String meetingUuid, Collection<String> participantKeys) {
        if (participantKeys.isEmpty()) {
            return Mono.empty();
        }
        return tx.transactional(lock(meetingUuid)
                .then(rebuildParticipants(meetingUuid, participantKeys.toArray(String[]::new)))
                .then(rebuildMeeting(meetingUuid)));
    }

    /**
     * Recomputes of one meeting run one at a time: two interleaved delete-then-insert rebuilds
     * would otherwise both insert the same keys. The two-int lock space is apart from the
     * writers' single-bigint feed lock; the wait is on the server.
     */
    private Mono<Void> lock(String meetingUuid) {
        return db.sql("SELECT pg_advisory_xact_lock(" + SUMMARY_LOCK_CLASS + ", hashtext($1))").bind(0, meetingUuid).then();
    }

    private Mono<Void> rebuildParticipants(String meetingUuid, String[] keys) {
        return keyed(db.sql("DELETE FROM participant_stream_summary WHERE meeting_uuid = $1 "
                        + "AND ($2::text[] IS NULL OR participant_key = ANY($2::text[]))"), meetingUuid, keys).then()
                .then(keyed(db.sql("DELETE FROM participant_summary WHERE meeting_uuid = $1 "
                        + "AND ($2::text[] IS NULL OR participant_key = ANY($2::text[]))"), meetingUuid, keys).then())
                .then(keyed(db.sql(INSERT_PARTICIPANT_STREAMS), meetingUuid, keys).then())
                .then(keyed(db.sql(INSERT_PARTICIPANTS), meetingUuid, keys)
                        .bind(2, quality.latencyMs()).bind(3, quality.jitterMs()).bind(4, quality.lossPct())
                        .bind(5, quality.poorMinuteFraction()).then());
    }

    private Mono<Void> rebuildMeeting(String meetingUuid) {
        return db.sql("DELETE FROM meeting_stream_summary WHERE meeting_uuid = $1").bind(0, meetingUuid).then()
                .then(keyed(db.sql(INSERT_MEETING_STREAMS), meetingUuid, null).then())
                .then(db.sql(UPSERT_MEETING).bind(0, meetingUuid).then());
    }

    private static DatabaseClient.GenericExecuteSpec keyed(DatabaseClient.GenericExecuteSpec spec, String meetingUuid, String[] keys) {
        spec = spec.bind(0, meetingUuid);
        return keys == null ? spec.bindNull(1, String[].class) : spec.bind(1, keys);
    }

    /** The stored meeting summary; empty when never computed. */
    public Mono<MeetingSummary> meetingSummary(String meetingUuid) {
        Mono<List<StreamSummary>> streams = db.sql("SELECT * FROM meeting_stream_summary WHERE meeting_uuid = $1")
                .bind(0, meetingUuid).map(Summaries::stream).all().collectList().map(Summaries::inStreamOrder);
        return db.sql("SELECT * FROM meeting_summary WHERE meeting_uuid = $1").bind(0, meetingUuid)
                .map(row -> new MeetingSummary(row.get("meeting_uuid", String.class), row.get("participants", Integer.class),
                        row.get("poor_participants", Integer.class), row.get("minutes_with_data", Integer.class),
                        row.get("poor_minutes", Integer.class), row.get("computed_at", Instant.class), List.of()))
                .one()
                .zipWith(streams, (m, s) -> new MeetingSummary(m.meetingUuid(), m.participants(), m.poorParticipants(),
                        m.minutesWithData(), m.poorMinutes(), m.computedAt(), s));
    }

    /** The stored participant summaries of the meeting, keyed by participant key. */
    public Mono<Map<String, ParticipantSummary>> participantSummaries(String meetingUuid) {
        Mono<Map<String, List<StreamSummary>>> streams = db.sql("SELECT * FROM participant_stream_summary WHERE meeting_uuid = $1")
                .bind(0, meetingUuid)
                .map(row -> Map.entry(row.get("participant_key", String.class), stream(row)))
                .all()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        Mono<List<ParticipantSummary>> heads = db.sql("SELECT * FROM participant_summary WHERE meeting_uuid = $1")
                .bind(0, meetingUuid)
                .map(row -> new ParticipantSummary(row.get("meeting_uuid", String.class), row.get("participant_key", String.class),
                        row.get("minutes_with_data", Integer.class), row.get("poor_minutes", Integer.class),
                        row.get("poor", Boolean.class), row.get("computed_at", Instant.class), List.of()))
                .all().collectList();
        return Mono.zip(heads, streams, (h, s) -> h.stream()
                .map(p -> new ParticipantSummary(p.meetingUuid(), p.participantKey(), p.minutesWithData(), p.poorMinutes(),
                        p.poor(), p.computedAt(), inStreamOrder(s.getOrDefault(p.participantKey(), List.of()))))
                .collect(Collectors.toMap(ParticipantSummary::participantKey, p -> p)));
    }

    private static StreamSummary stream(Readable row) {
        return new StreamSummary(row.get("stream", String.class), row.get("minutes", Integer.class),
                stat(row, "latency"), stat(row, "jitter"), stat(row, "loss"), stat(row, "bitrate"));
    }

    private static Stat stat(Readable row, String metric) {
        return new Stat(row.get(metric + "_avg", Double.class), row.get(metric + "_max", Double.class),
                row.get(metric + "_p95", Double.class));
    }

    private static List<StreamSummary> inStreamOrder(List<StreamSummary> streams) {
        List<StreamSummary> ordered = new ArrayList<>();
        for (StreamKind kind : StreamKind.values()) {
            streams.stream().filter(s -> s.stream().equals(kind.zoomName())).forEach(ordered::add);
        }
        return ordered;
    }

    private static String streamValues() {
        List<String> rows = new ArrayList<>();
        for (StreamKind kind : StreamKind.values()) {
            String p = "q." + kind.zoomName() + "_";
            rows.add("('" + kind.zoomName() + "', " + p + "latency_ms, " + p + "jitter_ms, " + p + "avg_loss_pct, "
                    + p + "bitrate_kbps)");
        }
        return String.join(", ", rows);
    }

    private static String columns(String metric) {
        List<String> cols = new ArrayList<>();
        for (StreamKind kind : StreamKind.values()) {
            cols.add(kind.zoomName() + "_" + metric);
        }
        return String.join(", ", cols);
    }
}
