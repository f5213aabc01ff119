package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.StoredSample;
import io.zoomqos.collector.support.GroundTruthSamples;
import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.simulator.SimMeeting;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Every participant-minute of the ground truth stored once, with Zoom's values, and nothing else. */
final class StoredAgainstTruth {

    private StoredAgainstTruth() {
    }

    /** Asserts it; returns how many participant-minutes were compared. */
    static long assertEveryMeetingMatches(QosRepository samples, GroundTruth truth) {
        return assertMeetingsMatch(samples, truth, truth.meetings());
    }

    /** Asserts it for these meetings only; returns how many participant-minutes were compared. */
    static long assertMeetingsMatch(QosRepository samples, GroundTruth truth, List<SimMeeting> meetings) {
        Set<String> uuids = meetings.stream().map(SimMeeting::uuid).collect(Collectors.toSet());
        Map<String, QosSample> stored = new HashMap<>();
        for (StoredSample row : samples.samplesAfter(0, 1_000_000).collectList().block(Duration.ofSeconds(30))) {
            QosSample s = row.sample();
            if (!uuids.contains(s.meetingUuid())) {
                continue;
            }
            assertThat(stored.put(s.meetingUuid() + "|" + s.participantKey() + "|" + s.minute(), s))
                    .as("one row per participant-minute").isNull();
        }
        long expected = 0;
        for (SimMeeting meeting : meetings) {
            for (QosSample want : GroundTruthSamples.of(truth, meeting.uuid())) {
                expected++;
                QosSample got = stored.get(want.meetingUuid() + "|" + want.participantKey() + "|" + want.minute());
                assertThat(got).as("stored %s %s %s", want.meetingUuid(), want.participantKey(), want.minute()).isNotNull();
                for (StreamKind kind : StreamKind.values()) {
                    assertThat(got.stream(kind)).as("%s %s %s %s", want.meetingUuid(), want.participantKey(),
                            want.minute(), kind).isEqualTo(want.stream(kind));
                }
            }
        }
        assertThat(stored).hasSize((int) expected);
        return expected;
    }
}
