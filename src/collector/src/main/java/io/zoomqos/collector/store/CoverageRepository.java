package io.zoomqos.collector.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Daily coverage: which meetings of a UTC day were collected fully, partially or not at all and
 * why, and the Heavy calls spent by kind ({@code call_spend}).
 *
 * <p>A meeting belongs to the day it ended (a live one to the day it started). Fully: swept with
 * no recorded gap. Partially: swept with a gap ({@code coverage_gap}), or given up after live
 * polls stored some of it. Not at all: given up with nothing stored. Still open: live, or ended
 * and waiting for its sweep.
 */
public class CoverageRepository {

    /** One UTC day of one account (or all accounts). */
    public record Coverage(LocalDate date, @Nullable String accountId, long meetingsSeen, long fullyCollected,
                           long partiallyCollected, long notCollected, long open, Map<String, Long> reasons,
                           Map<String, Long> callsByKind) {
    }

    private static final String MEETINGS = """
            WITH day AS (
              SELECT m.meeting_uuid, m.state, m.sweep_state, m.sweep_note, m.coverage_gap,
                     EXISTS (SELECT 1 FROM participant p WHERE p.meeting_uuid = m.meeting_uuid) AS has_data
                FROM meeting m
               WHERE ($3 = '' OR m.account_id = $3)
                 AND COALESCE(m.end_time, m.start_time) >= $1 AND COALESCE(m.end_time, m.start_time) < $2)
            SELECT CASE
                     WHEN state = 'live' OR sweep_state = 'pending' THEN 'open'
                     WHEN sweep_state = 'swept' AND coverage_gap IS NULL THEN 'full'
                     WHEN sweep_state = 'swept' OR has_data THEN 'partial'
                     ELSE 'none' END AS outcome,
                   CASE
                     WHEN sweep_state = 'swept' THEN coverage_gap
                     WHEN sweep_state = 'given_up' AND sweep_note = 'zoom-gone' THEN 'zoom-data-gone'
                     WHEN sweep_state = 'given_up' AND sweep_note LIKE 'budget%' THEN 'budget'
                     WHEN sweep_state = 'given_up' THEN 'gave-up: ' || COALESCE(sweep_note, '')
                   END AS reason,
                   count(*) AS n
              FROM day GROUP BY 1, 2""";

    private final DatabaseClient db;

    CoverageRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Adds Heavy calls of one kind ({@code live}, {@code sweep}, {@code roster}, {@code reconcile}) to the day. */
    public Mono<Void> spent(String accountId, LocalDate day, String kind, long calls) {
        if (calls <= 0) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO call_spend (account_id, utc_day, kind, calls) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (account_id, utc_day, kind) DO UPDATE SET calls = call_spend.calls + EXCLUDED.calls""")
                .bind(0, accountId).bind(1, day).bind(2, kind).bind(3, calls).then();
    }

    /** Records why a swept meeting is not complete; null clears it (a later sweep filled the gap). */
    public Mono<Void> gap(String meetingUuid, @Nullable String gap) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE meeting SET coverage_gap = $2 WHERE meeting_uuid = $1")
                .bind(0, meetingUuid);
        return (gap == null ? spec.bindNull(1, String.class) : spec.bind(1, gap)).then();
    }

    public Mono<Coverage> of(LocalDate date, @Nullable String accountId) {
        Instant from = date.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        String account = accountId == null ? "" : accountId;
        Mono<Map<String, Long>> calls = db.sql("SELECT kind, sum(calls) AS calls FROM call_spend"
                        + " WHERE utc_day = $1 AND ($2 = '' OR account_id = $2) GROUP BY kind ORDER BY kind")
                .bind(0, date).bind(1, account)
                .map(row -> Map.entry(row.get("kind", String.class), ((Number) row.get("calls")).longValue()))
                .all()
                .collect(LinkedHashMap<String, Long>::new, (m, e) -> m.put(e.getKey(), e.getValue()));
        Flux<Object[]> rows = db.sql(MEETINGS)
                .bind(0, from.atOffset(ZoneOffset.UTC)).bind(1, to.atOffset(ZoneOffset.UTC)).bind(2, account)
                .map(row -> new Object[] {row.get("outcome", String.class), row.get("reason", String.class),
                        ((Number) row.get("n")).longValue()})
                .all();
        return rows.collectList().zipWith(calls, (list, byKind) -> {
            long full = 0;
            long partial = 0;
            long none = 0;
            long open = 0;
            Map<String, Long> reasons = new LinkedHashMap<>();
            for (Object[] r : list) {
                long n = (Long) r[2];
                switch ((String) r[0]) {
                    case "full" -> full += n;
                    case "partial" -> partial += n;
                    case "none" -> none += n;
                    default -> open += n;
                }
                if (r[1] != null) {
                    reasons.merge((String) r[1], n, Long::sum);
                }
            }
            return new Coverage(date, accountId, full + partial + none + open, full, partial, none, open, reasons, byKind);
        });
    }
}
