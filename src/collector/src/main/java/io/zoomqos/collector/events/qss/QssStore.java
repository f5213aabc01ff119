package io.zoomqos.collector.events.qss;

import io.zoomqos.collector.polling.MeetingSignal;
import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.ParticipantRepository;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.SampleSource;
import io.zoomqos.collector.store.StoredSample;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Writes a batch of QSS events with a few multi-row statements in one transaction (one commit):
 * the meetings (a QSS event for a meeting we did not know creates it live,
 * {@code discovered_by = 'qss'}: its {@code meeting.started} was lost; every meeting's
 * {@code qss_last_at} moves forward), the participants (only filling what is unknown), and the
 * samples through {@link QosRepository} (one row per participant-minute whatever the source: a
 * minute the poller stored already is only completed).
 *
 * <p>Rows this replica committed lately and would only rewrite are left out ({@link CommittedRows}):
 * a batch of known participants is the samples' statement alone.
 */
final class QssStore {

    /** Committed samples (for the feed) and signals for meetings this batch created. */
    record Written(List<StoredSample> samples, List<MeetingSignal> started) {
    }

    private static final String UPSERT_MEETINGS = """
            INSERT INTO meeting AS m (meeting_uuid, meeting_id, account_id, host_id, topic, state, start_time,
                                      discovered_by, qss_last_at)
            SELECT u, id, a, h, t, 'live', st::timestamptz, 'qss', q::timestamptz
              FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                   AS x(u, id, a, h, t, st, q)
            ON CONFLICT (meeting_uuid) DO UPDATE SET qss_last_at = EXCLUDED.qss_last_at
             WHERE EXCLUDED.qss_last_at IS NOT NULL
               AND (m.qss_last_at IS NULL OR m.qss_last_at < EXCLUDED.qss_last_at)
            RETURNING meeting_uuid, meeting_id, account_id, start_time, (xmax = 0) AS created""";

    private static final String UPSERT_SUMMARY = """
            INSERT INTO participant_qss_summary (meeting_uuid, participant_key, event_ts, qos)
            VALUES ($1, $2, $3, $4::jsonb)
            ON CONFLICT (meeting_uuid, participant_key) DO UPDATE
               SET event_ts = EXCLUDED.event_ts, qos = EXCLUDED.qos, received_at = now()
             WHERE EXCLUDED.event_ts >= participant_qss_summary.event_ts""";

    private final DatabaseClient db;
    private final ParticipantRepository participants;
    private final QosRepository samples;
    private final CommittedRows committed;

    QssStore(DatabaseClient db, ParticipantRepository participants, QosRepository samples, CommittedRows committed) {
        this.db = db;
        this.participants = participants;
        this.samples = samples;
        this.committed = committed;
    }

    Mono<Written> write(List<QssEvent> events) {
        Map<String, MeetingRow> meetings = new TreeMap<>();
        Map<List<String>, List<ParticipantInfo>> people = new LinkedHashMap<>();
        List<QosSample> rows = new ArrayList<>();
        for (QssEvent e : events) {
            meetings.merge(e.meetingUuid(), MeetingRow.of(e), MeetingRow::merge);
            ParticipantInfo p = e.participant();
            people.computeIfAbsent(List.of(p.meetingUuid(), p.participantKey()), k -> new ArrayList<>()).add(p);
            rows.addAll(e.samples());
        }
        meetings.values().removeIf(m -> committed.meetingCurrent(m.uuid, m.lastMinute));
        people.entrySet().removeIf(p -> committed.participantCurrent(p.getKey(), p.getValue()));
        List<ParticipantInfo> changed = people.values().stream().flatMap(List::stream).toList();
        Mono<List<MeetingSignal>> rowsFirst = upsertMeetings(meetings)
                .flatMap(started -> participants.upsert(changed).thenReturn(started));
        return samples.saveSamples(rows, SampleSource.QSS, rowsFirst)
                .map(saved -> {
                    meetings.values().forEach(m -> committed.meetingCommitted(m.uuid, m.lastMinute));
                    committed.participantsCommitted(people);
                    return new Written(saved.samples(), saved.first());
                });
    }

    /** The participant's summary as Zoom sent it; a later event replaces an earlier one. */
    Mono<Void> summary(QssEvent e) {
        if (e.summaryQos() == null) {
            return Mono.empty();
        }
        return db.sql(UPSERT_SUMMARY).bind(0, e.meetingUuid()).bind(1, e.participant().participantKey())
                .bind(2, e.eventTs()).bind(3, e.summaryQos()).then();
    }

    /** {@code byUuid} in uuid order, so concurrent batches lock meetings in one order. */
    private Mono<List<MeetingSignal>> upsertMeetings(Map<String, MeetingRow> byUuid) {
        if (byUuid.isEmpty()) {
            return Mono.just(List.of());
        }
        int n = byUuid.size();
        String[] u = new String[n];
        Long[] id = new Long[n];
        String[] a = new String[n];
        String[] h = new String[n];
        String[] t = new String[n];
        String[] st = new String[n];
        String[] q = new String[n];
        int i = 0;
        for (MeetingRow r : byUuid.values()) {
            u[i] = r.uuid;
            id[i] = r.meetingId;
            a[i] = r.accountId;
            h[i] = r.hostId;
            t[i] = r.topic;
            st[i] = r.start == null ? null : r.start.toString();
            q[i] = r.lastMinute == null ? null : r.lastMinute.toString();
            i++;
        }
        return db.sql(UPSERT_MEETINGS)
                .bind(0, u).bind(1, id).bind(2, a).bind(3, h).bind(4, t).bind(5, st).bind(6, q)
                .map(row -> Boolean.TRUE.equals(row.get("created", Boolean.class))
                        ? new MeetingSignal(row.get("account_id", String.class), row.get("meeting_uuid", String.class),
                                row.get("meeting_id", Long.class), MeetingSignal.Kind.STARTED,
                                startOf(row.get("start_time", OffsetDateTime.class), byUuid.get(row.get("meeting_uuid", String.class))))
                        : NOT_CREATED)
                .all()
                .filter(s -> s != NOT_CREATED)
                .collectList();
    }

    private static final MeetingSignal NOT_CREATED =
            new MeetingSignal("-", "-", 0L, MeetingSignal.Kind.STARTED, Instant.EPOCH);

    private static Instant startOf(@Nullable OffsetDateTime stored, MeetingRow row) {
        if (stored != null) {
            return stored.toInstant();
        }
        return row.firstMinute != null ? row.firstMinute : Instant.now();
    }

    /** What a batch says about one meeting. */
    private static final class MeetingRow {
        final String uuid;
        final String accountId;
        long meetingId;
        @Nullable String hostId;
        @Nullable String topic;
        @Nullable Instant start;
        @Nullable Instant firstMinute;
        @Nullable Instant lastMinute;

        private MeetingRow(QssEvent e) {
            uuid = e.meetingUuid();
            accountId = e.accountId();
            meetingId = e.meetingId();
            hostId = e.hostId();
            topic = e.topic();
            start = e.startTime();
            firstMinute = e.firstMinute();
            lastMinute = e.lastMinute();
        }

        static MeetingRow of(QssEvent e) {
            return new MeetingRow(e);
        }

        static MeetingRow merge(MeetingRow a, MeetingRow b) {
            a.meetingId = a.meetingId != 0 ? a.meetingId : b.meetingId;
            a.hostId = a.hostId != null ? a.hostId : b.hostId;
            a.topic = a.topic != null ? a.topic : b.topic;
            a.start = min(a.start, b.start);
            a.firstMinute = min(a.firstMinute, b.firstMinute);
            a.lastMinute = a.lastMinute == null ? b.lastMinute
                    : b.lastMinute == null || a.lastMinute.isAfter(b.lastMinute) ? a.lastMinute : b.lastMinute;
            return a;
        }

        private static @Nullable Instant min(@Nullable Instant x, @Nullable Instant y) {
            return x == null ? y : y == null ? x : (x.isBefore(y) ? x : y);
        }
    }
}
