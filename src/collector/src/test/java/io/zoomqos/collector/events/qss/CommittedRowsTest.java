package io.zoomqos.collector.events.qss;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.qos.ParticipantInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CommittedRowsTest {

    private static final Instant MINUTE = Instant.parse("2026-12-02T10:00:00Z");
    private static final List<String> KEY = List.of("m1", "u:1");

    /** Caffeine's clock, moved by the test: no waiting. */
    private final AtomicLong nanos = new AtomicLong();
    private final CommittedRows rows = new CommittedRows(1000, Duration.ofMinutes(10), nanos::get);

    @Test
    void aMeetingIsCurrentOnlyUpToTheMinuteCommitted() {
        assertThat(rows.meetingCurrent("m1", MINUTE)).as("never committed").isFalse();

        rows.meetingCommitted("m1", MINUTE);

        assertThat(rows.meetingCurrent("m1", MINUTE)).isTrue();
        assertThat(rows.meetingCurrent("m1", MINUTE.minusSeconds(60))).isTrue();
        assertThat(rows.meetingCurrent("m1", MINUTE.plusSeconds(60))).as("qss_last_at must move on").isFalse();
        assertThat(rows.meetingCurrent("m2", MINUTE)).isFalse();
    }

    @Test
    void anOlderMinuteCommittedLaterDoesNotMoveTheMeetingBack() {
        rows.meetingCommitted("m1", MINUTE.plusSeconds(60));
        rows.meetingCommitted("m1", MINUTE);

        assertThat(rows.meetingCurrent("m1", MINUTE.plusSeconds(60))).isTrue();
    }

    @Test
    void aParticipantIsCurrentOnlyWithTheSameDetails() {
        rows.participantsCommitted(Map.of(KEY, List.of(participant(null))));

        assertThat(rows.participantCurrent(KEY, List.of(participant(null), participant(null)))).isTrue();
        assertThat(rows.participantCurrent(KEY, List.of(participant(MINUTE)))).as("a leave time to store").isFalse();
        assertThat(rows.participantCurrent(List.of("m1", "u:2"), List.of(participant(null)))).isFalse();
    }

    @Test
    void detailsThatDifferedWithinABatchAreNotRemembered() {
        rows.participantsCommitted(Map.of(KEY, List.of(participant(null))));
        rows.participantsCommitted(Map.of(KEY, List.of(participant(null), participant(MINUTE))));

        // The database merged the two; which details it holds is not known here.
        assertThat(rows.participantCurrent(KEY, List.of(participant(null)))).isFalse();
        assertThat(rows.participantCurrent(KEY, List.of(participant(MINUTE)))).isFalse();
    }

    @Test
    void rowsAreForgottenAfterTheirTimeSoARemovedRowIsWrittenAgain() {
        rows.meetingCommitted("m1", MINUTE);
        rows.participantsCommitted(Map.of(KEY, List.of(participant(null))));

        nanos.addAndGet(Duration.ofMinutes(10).plusSeconds(1).toNanos());

        assertThat(rows.meetingCurrent("m1", MINUTE)).isFalse();
        assertThat(rows.participantCurrent(KEY, List.of(participant(null)))).isFalse();
    }

    private static ParticipantInfo participant(Instant leave) {
        return new ParticipantInfo("m1", "u:1", "1", null, "Ann", "Mac", null, "Wifi",
                Instant.parse("2026-12-02T09:58:00Z"), leave, null);
    }
}
