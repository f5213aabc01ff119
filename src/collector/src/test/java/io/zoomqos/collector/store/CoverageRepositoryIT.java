package io.zoomqos.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** One UTC day's coverage on a real PostgreSQL: every ended meeting counted once, with its reason. */
class CoverageRepositoryIT {

    private static final LocalDate DAY = LocalDate.parse("2026-11-30");
    private final StoreDatabase store = new StoreDatabase();
    private final CoverageRepository coverage = new CoverageRepository(store.db);

    private void meeting(String uuid, String state, String sweepState, String note, String gap, String endTime) {
        store.db.sql("""
                        INSERT INTO meeting (meeting_uuid, meeting_id, account_id, state, start_time, end_time, sweep_state,
                                             sweep_note, coverage_gap)
                        VALUES ($1, 1, 'acct-cov', $2, '2026-11-30T08:00:00Z', $3::timestamptz, $4, $5, $6)""")
                .bind(0, uuid).bind(1, state).bind(2, endTime).bind(3, sweepState)
                .bind(4, note == null ? "" : note).bind(5, gap == null ? "" : gap)
                .then().block();
        // '' stands for absent in the binds above; turn it back into NULL.
        store.db.sql("UPDATE meeting SET sweep_note = NULLIF(sweep_note, ''), coverage_gap = NULLIF(coverage_gap, '')"
                + " WHERE meeting_uuid = $1").bind(0, uuid).then().block();
    }

    @Test
    void countsFullyPartiallyAndNotCollectedMeetingsWithReasonsAndCallsByKind() {
        meeting("c-full", "ended", "swept", null, null, "2026-11-30T09:00:00Z");
        meeting("c-gap", "ended", "swept", null, "1 participant(s) incomplete after the sweep", "2026-11-30T10:00:00Z");
        meeting("c-gone", "ended", "given_up", "zoom-gone", null, "2026-11-30T11:00:00Z");
        meeting("c-open", "ended", "pending", null, null, "2026-11-30T23:59:00Z");
        meeting("c-other-day", "ended", "swept", null, null, "2026-12-01T00:00:00Z");
        store.db.sql("INSERT INTO participant (meeting_uuid, participant_key) VALUES ('c-gone', 'u:1')").then().block();
        coverage.spent("acct-cov", DAY, "sweep", 3).block();
        coverage.spent("acct-cov", DAY, "sweep", 2).block();
        coverage.spent("acct-cov", DAY, "live", 7).block();

        CoverageRepository.Coverage c = coverage.of(DAY, "acct-cov").block();

        assertThat(c.meetingsSeen()).isEqualTo(4);
        assertThat(c.fullyCollected()).isEqualTo(1);
        assertThat(c.partiallyCollected()).isEqualTo(2); // a gap, and given up after live polls stored some
        assertThat(c.notCollected()).isZero();
        assertThat(c.open()).isEqualTo(1);
        assertThat(c.reasons()).containsEntry("zoom-data-gone", 1L)
                .containsEntry("1 participant(s) incomplete after the sweep", 1L);
        assertThat(c.callsByKind()).containsEntry("sweep", 5L).containsEntry("live", 7L);
    }

    @Test
    void aClearedGapMakesTheMeetingFullyCollected() {
        meeting("c-fixed", "ended", "swept", null, "2 participant(s) incomplete after the sweep", "2026-11-30T12:00:00Z");
        coverage.gap("c-fixed", null).block();

        assertThat(coverage.of(DAY, "acct-cov").block().reasons()).doesNotContainKey("2 participant(s) incomplete after the sweep");
    }
}
