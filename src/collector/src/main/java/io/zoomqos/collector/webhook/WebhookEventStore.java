package io.zoomqos.collector.webhook;

import io.zoomqos.collector.polling.MeetingSignal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Writes a batch of webhooks in one transaction with a handful of multi-row statements
 * ({@code unnest} of arrays, so the SQL text is fixed and prepared once):
 * <ol>
 *   <li>the events, {@code ON CONFLICT DO NOTHING} on their natural key: a redelivery stores nothing;</li>
 *   <li>one upsert per meeting, folded in Java first (a statement may touch a row only once),
 *       returning the old state beside the new: {@code ended} is final, so a late
 *       {@code meeting.started} never reopens a meeting;</li>
 *   <li>the participants (latest {@code event_ts} wins), moving the meetings' joined counts.</li>
 * </ol>
 * Only events that were new (step 1) change meetings.
 */
final class WebhookEventStore {

    enum Outcome { STORED, DUPLICATE }

    /** Per event, in the order given; signals for meetings whose state changed (to publish after commit). */
    record BatchResult(List<Outcome> outcomes, List<MeetingSignal> signals) {
    }

    private static final String INSERT_EVENTS = """
            INSERT INTO webhook_event (account_id, event, event_ts, meeting_uuid, dedup_key, payload, source)
            SELECT a, e, ts, u, k, p::jsonb, s
              FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])
                   AS t(a, e, ts, u, k, p, s)
            ON CONFLICT (account_id, dedup_key) DO NOTHING
            RETURNING account_id, dedup_key""";

    // previous_state is assigned from the row as locked by ON CONFLICT (the latest committed
    // version), so it says exactly what this write changed, even under concurrent writers.
    private static final String UPSERT_MEETINGS = """
            INSERT INTO meeting AS m (meeting_uuid, meeting_id, account_id, host_id, topic, meeting_type, state,
                                      start_time, end_time)
            SELECT u, id, a, h, t, ty, s, st::timestamptz, et::timestamptz
              FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],
                          $8::text[], $9::text[]) AS x(u, id, a, h, t, ty, s, st, et)
            ON CONFLICT (meeting_uuid) DO UPDATE SET
                meeting_id   = CASE WHEN EXCLUDED.meeting_id <> 0 THEN EXCLUDED.meeting_id ELSE m.meeting_id END,
                host_id      = COALESCE(EXCLUDED.host_id, m.host_id),
                topic        = COALESCE(EXCLUDED.topic, m.topic),
                meeting_type = COALESCE(EXCLUDED.meeting_type, m.meeting_type),
                state        = CASE WHEN m.state = 'ended' OR EXCLUDED.state = 'ended' THEN 'ended' ELSE 'live' END,
                start_time   = LEAST(m.start_time, EXCLUDED.start_time),
                end_time     = GREATEST(m.end_time, EXCLUDED.end_time),
                previous_state = m.state,
                updated_at   = now()
            RETURNING meeting_uuid, meeting_id, account_id, state, start_time, end_time, previous_state""";

    // The count moves by what the upsert changed (new joined minus old joined, per meeting), in
    // the same statement; a participant row only changes for a later event than it holds.
    private static final String UPSERT_PARTICIPANTS = """
            WITH up AS (
            INSERT INTO meeting_participant AS p (meeting_uuid, participant_key, joined, last_event_ts)
            SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::bigint[])
            ON CONFLICT (meeting_uuid, participant_key) DO UPDATE
               SET joined = EXCLUDED.joined, was_joined = p.joined, last_event_ts = EXCLUDED.last_event_ts
             WHERE EXCLUDED.last_event_ts > p.last_event_ts
                OR (EXCLUDED.last_event_ts = p.last_event_ts AND NOT EXCLUDED.joined)
            RETURNING meeting_uuid, joined, was_joined),
            delta AS (SELECT meeting_uuid, sum(joined::int - COALESCE(was_joined::int, 0)) AS d
                        FROM up GROUP BY meeting_uuid)
            UPDATE meeting m SET participant_count = GREATEST(0, m.participant_count + delta.d)
              FROM delta WHERE m.meeting_uuid = delta.meeting_uuid AND delta.d <> 0""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    WebhookEventStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Completes after the commit; fails (and rolls back everything) if any statement fails. */
    Mono<BatchResult> write(List<WebhookEvent> events) {
        return tx.transactional(Mono.defer(() -> insertEvents(events)));
    }

    private Mono<BatchResult> insertEvents(List<WebhookEvent> events) {
        int n = events.size();
        String[] accounts = new String[n];
        String[] names = new String[n];
        Long[] ts = new Long[n];
        String[] uuids = new String[n];
        String[] keys = new String[n];
        String[] payloads = new String[n];
        String[] sources = new String[n];
        // Inserted in key order, so two concurrent batches holding the same redelivered keys
        // wait for each other in one direction only (no deadlock).
        List<WebhookEvent> ordered = events.stream()
                .sorted(java.util.Comparator.comparing(WebhookEvent::accountId).thenComparing(WebhookEvent::dedupKey))
                .toList();
        for (int i = 0; i < n; i++) {
            WebhookEvent e = ordered.get(i);
            accounts[i] = e.accountId();
            names[i] = e.kind().zoomName;
            ts[i] = e.eventTs();
            uuids[i] = e.meetingUuid();
            keys[i] = e.dedupKey();
            payloads[i] = e.rawBody();
            sources[i] = e.source().dbValue();
        }
        return db.sql(INSERT_EVENTS)
                .bind(0, accounts).bind(1, names).bind(2, ts).bind(3, uuids).bind(4, keys).bind(5, payloads).bind(6, sources)
                .map(row -> row.get("account_id", String.class) + '\u0000' + row.get("dedup_key", String.class))
                .all()
                .collect(HashSet<String>::new, Set::add)
                .flatMap(inserted -> applyFresh(events, inserted));
    }

    private Mono<BatchResult> applyFresh(List<WebhookEvent> events, Set<String> inserted) {
        List<Outcome> outcomes = new ArrayList<>(events.size());
        List<WebhookEvent> fresh = new ArrayList<>();
        for (WebhookEvent e : events) {
            // The first of two identical events in one batch owns the row; the second is a duplicate.
            boolean first = inserted.remove(e.accountId() + '\u0000' + e.dedupKey());
            outcomes.add(first ? Outcome.STORED : Outcome.DUPLICATE);
            if (first) {
                fresh.add(e);
            }
        }
        if (fresh.isEmpty()) {
            return Mono.just(new BatchResult(outcomes, List.of()));
        }
        Map<String, MeetingDelta> deltas = new TreeMap<>();
        Map<String, WebhookEvent> participants = new TreeMap<>();
        for (WebhookEvent e : fresh) {
            deltas.computeIfAbsent(e.meetingUuid(), u -> new MeetingDelta(e)).add(e);
            if (e.kind().participant()) {
                participants.merge(e.meetingUuid() + '\u0000' + e.participantKey(), e, WebhookEventStore::later);
            }
        }
        return upsertMeetings(deltas)
                .flatMap(after -> upsertParticipants(participants)
                        .thenReturn(new BatchResult(outcomes, signals(after, deltas))));
    }

    private Mono<List<MeetingRow>> upsertMeetings(Map<String, MeetingDelta> deltas) {
        int n = deltas.size();
        String[] u = new String[n];
        Long[] id = new Long[n];
        String[] a = new String[n];
        String[] h = new String[n];
        String[] t = new String[n];
        Integer[] ty = new Integer[n];
        String[] s = new String[n];
        String[] st = new String[n];
        String[] et = new String[n];
        int i = 0;
        for (MeetingDelta d : deltas.values()) {
            u[i] = d.uuid;
            id[i] = d.meetingId;
            a[i] = d.accountId;
            h[i] = d.hostId;
            t[i] = d.topic;
            ty[i] = d.type;
            s[i] = d.ended ? "ended" : "live";
            st[i] = d.startTime == null ? null : d.startTime.toString();
            et[i] = d.ended ? (d.endTime != null ? d.endTime : d.lastEventTime).toString() : null;
            i++;
        }
        return db.sql(UPSERT_MEETINGS)
                .bind(0, u).bind(1, id).bind(2, a).bind(3, h).bind(4, t).bind(5, ty).bind(6, s).bind(7, st).bind(8, et)
                .map(row -> new MeetingRow(row.get("meeting_uuid", String.class), row.get("meeting_id", Long.class),
                        row.get("account_id", String.class), row.get("state", String.class),
                        instant(row.get("start_time", OffsetDateTime.class)),
                        instant(row.get("end_time", OffsetDateTime.class)), row.get("previous_state", String.class)))
                .all()
                .collectList();
    }

    private Mono<Void> upsertParticipants(Map<String, WebhookEvent> participants) {
        if (participants.isEmpty()) {
            return Mono.empty();
        }
        int n = participants.size();
        String[] u = new String[n];
        String[] k = new String[n];
        Boolean[] joined = new Boolean[n];
        Long[] ts = new Long[n];
        int i = 0;
        for (WebhookEvent e : participants.values()) {
            u[i] = e.meetingUuid();
            k[i] = e.participantKey();
            joined[i] = e.kind() == WebhookEvent.Kind.PARTICIPANT_JOINED;
            ts[i] = e.eventTs();
            i++;
        }
        return db.sql(UPSERT_PARTICIPANTS).bind(0, u).bind(1, k).bind(2, joined).bind(3, ts).then();
    }

    private static List<MeetingSignal> signals(List<MeetingRow> after, Map<String, MeetingDelta> deltas) {
        List<MeetingSignal> signals = new ArrayList<>();
        for (MeetingRow row : after) {
            String old = row.oldState;
            MeetingDelta d = deltas.get(row.uuid);
            if ("ended".equals(row.state) && !"ended".equals(old)) {
                Instant at = row.endTime != null ? row.endTime : d.lastEventTime;
                signals.add(new MeetingSignal(row.accountId, row.uuid, row.meetingId, MeetingSignal.Kind.ENDED, at));
            } else if ("live".equals(row.state) && old == null) {
                Instant at = row.startTime != null ? row.startTime : d.firstEventTime;
                signals.add(new MeetingSignal(row.accountId, row.uuid, row.meetingId, MeetingSignal.Kind.STARTED, at));
            }
        }
        return signals;
    }

    /** Of two events for one participant the later wins; on a tie, the leave. */
    private static WebhookEvent later(WebhookEvent a, WebhookEvent b) {
        if (a.eventTs() != b.eventTs()) {
            return a.eventTs() > b.eventTs() ? a : b;
        }
        return a.kind() == WebhookEvent.Kind.PARTICIPANT_LEFT ? a : b;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** A meeting after the upsert; {@code oldState} null when the upsert created it. */
    private record MeetingRow(String uuid, long meetingId, String accountId, String state, Instant startTime,
                              Instant endTime, String oldState) {
    }

    /** Everything a batch's new events say about one meeting; the newest event's descriptive fields win. */
    private static final class MeetingDelta {
        final String uuid;
        final String accountId;
        long meetingId;
        String hostId;
        String topic;
        Integer type;
        boolean ended;
        Instant startTime;
        Instant endTime;
        Instant firstEventTime;
        Instant lastEventTime;
        private long newestTs = Long.MIN_VALUE;

        MeetingDelta(WebhookEvent first) {
            this.uuid = first.meetingUuid();
            this.accountId = first.accountId();
        }

        void add(WebhookEvent e) {
            Instant t = e.eventTime();
            firstEventTime = firstEventTime == null || t.isBefore(firstEventTime) ? t : firstEventTime;
            lastEventTime = lastEventTime == null || t.isAfter(lastEventTime) ? t : lastEventTime;
            if (meetingId == 0) {
                meetingId = e.meetingId();
            }
            ended |= e.kind() == WebhookEvent.Kind.ENDED;
            startTime = min(startTime, e.startTime());
            if (e.endTime() != null) {
                endTime = endTime == null || e.endTime().isAfter(endTime) ? e.endTime() : endTime;
            }
            if (e.eventTs() >= newestTs) {
                newestTs = e.eventTs();
                hostId = e.hostId() != null ? e.hostId() : hostId;
                topic = e.topic() != null ? e.topic() : topic;
                type = e.meetingType() != null ? e.meetingType() : type;
                if (e.meetingId() != 0) {
                    meetingId = e.meetingId();
                }
            }
        }

        private static Instant min(Instant a, Instant b) {
            return a == null ? b : b == null ? a : (a.isBefore(b) ? a : b);
        }
    }

}
