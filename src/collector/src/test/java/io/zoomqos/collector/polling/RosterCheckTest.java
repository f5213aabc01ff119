package io.zoomqos.collector.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.zoom.ParticipantQos;
import io.zoomqos.collector.zoom.QosMinute;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RosterCheckTest {

    private static final Instant JOIN = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aKnownRosterThatMatchesTheQosPagesNeedsNoParticipantList() {
        Map<String, RosterCheck.Seen> seen = seen(record("1", 30, 30), record("2", 29, 30));

        RosterCheck check = RosterCheck.of(Set.of("u:1", "u:2"), seen);

        assertThat(check.listParticipants()).isFalse();
        assertThat(check.reason()).isEqualTo(RosterCheck.MATCHES);
        assertThat(check.gaps()).isEmpty();
    }

    @Test
    void anUnknownRosterListsTheParticipants() {
        RosterCheck check = RosterCheck.of(Set.of(), seen(record("1", 30, 30)));

        assertThat(check.listParticipants()).isTrue();
        assertThat(check.reason()).isEqualTo(RosterCheck.UNKNOWN);
    }

    @Test
    void aRosterNamingSomeoneTheQosPagesMissedListsTheParticipants() {
        RosterCheck check = RosterCheck.of(Set.of("u:1", "u:2"), seen(record("1", 30, 30)));

        assertThat(check.listParticipants()).isTrue();
        assertThat(check.reason()).isEqualTo(RosterCheck.DISAGREES);
    }

    @Test
    void qosPagesNamingSomeoneTheRosterMissedListTheParticipants() {
        RosterCheck check = RosterCheck.of(Set.of("u:1"), seen(record("1", 30, 30), record("2", 30, 30)));

        assertThat(check.listParticipants()).isTrue();
        assertThat(check.reason()).isEqualTo(RosterCheck.DISAGREES);
    }

    @Test
    void onlyARecordClearlyShortOfItsOwnPresenceIsFetchedAlone() {
        Map<String, RosterCheck.Seen> seen = seen(record("1", 30, 30), record("2", 10, 30), record("3", 0, 5));

        RosterCheck check = RosterCheck.of(Set.of("u:1", "u:2", "u:3"), seen);

        assertThat(check.listParticipants()).isFalse();
        assertThat(check.gaps()).containsExactly("2", "3");
    }

    @Test
    void aRejoinSumsMinutesAndPresenceOverItsRecords() {
        Map<String, RosterCheck.Seen> seen = seen(record("1", 10, 10), record("1", 20, 20));

        RosterCheck check = RosterCheck.of(Set.of("u:1"), seen);

        assertThat(seen.get("u:1").minutes()).isEqualTo(30);
        assertThat(check.gaps()).isEmpty();
    }

    private static Map<String, RosterCheck.Seen> seen(ParticipantQos... records) {
        Map<String, RosterCheck.Seen> seen = new HashMap<>();
        for (ParticipantQos p : records) {
            seen.merge(p.participantKey(), RosterCheck.Seen.of(p), RosterCheck.Seen::plus);
        }
        return seen;
    }

    /** A record with {@code minutes} samples for a participant present {@code presentMinutes}. */
    private static ParticipantQos record(String userId, int minutes, int presentMinutes) {
        List<QosMinute> samples = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            samples.add(new QosMinute(JOIN.plusSeconds(60L * i), Map.of(), null, null));
        }
        return new ParticipantQos(userId, null, "n", "Mac", null, JOIN, JOIN.plusSeconds(60L * presentMinutes), "6",
                samples);
    }
}
