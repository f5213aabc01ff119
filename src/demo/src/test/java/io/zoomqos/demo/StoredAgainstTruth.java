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

    /** Every stored row, oldest first. */
    static List<StoredSample> storedRows(QosRepository samples) {
        return samples.samplesAfter(0, 1_000_000).collectList().block(Duration.ofSeconds(30));
    }

    /** Asserts it of every stored row: each one is of a ground-truth meeting. Returns how many participant-minutes were compared. */
    static long assertEveryMeetingMatches(QosRepository samples, GroundTruth truth) {
        return assertEveryMeetingMatches(storedRows(samples), truth);
    }

    /** Asserts it of these stored rows: each one is of a ground-truth meeting. Returns how many participant-minutes were compared. */
    static long assertEveryMeetingMatches(List<StoredSample> rows, GroundTruth truth) {
        return assertMatch(rows, truth, truth.meetings());
    }

    /**
     * Asserts it for these meetings only (others may run on, or have been left out of the test);
     * returns how many participant-minutes were compared.
     */
    static long assertMeetingsMatch(QosRepository samples, GroundTruth truth, List<SimMeeting> meetings) {
        Set<String> uuids = meetings.stream().map(SimMeeting::uuid).collect(Collectors.toSet());
        List<StoredSample> theirs = storedRows(samples).stream()
                .filter(row -> uuids.contains(row.sample().meetingUuid())).toList();
        return assertMatch(theirs, truth, meetings);
    }

    private static long assertMatch(List<StoredSample> rows, GroundTruth truth, List<SimMeeting> meetings) {
        Map<String, QosSample> stored = new HashMap<>();
        for (StoredSample row : rows) {
            QosSample s = row.sample();
            assertThat(stored.put(key(s), s)).as("one row per participant-minute").isNull();
        }
        long expected = 0;
        for (SimMeeting meeting : meetings) {
            for (QosSample want : GroundTruthSamples.of(truth, meeting.uuid())) {
                expected++;
                QosSample got = stored.get(key(want));
                assertThat(got).as("stored %s %s %s", want.meetingUuid(), want.participantKey(), want.minute()).isNotNull();
                for (StreamKind kind : StreamKind.values()) {
                    assertThat(got.stream(kind)).as("%s %s %s %s", want.meetingUuid(), want.participantKey(),
                            want.minute(), kind).isEqualTo(want.stream(kind));
                }
                assertThat(got.cpu()).as("%s %s %s cpu", want.meetingUuid(), want.participantKey(), want.minute())
                        .isEqualTo(want.cpu());
            }
        }
        assertThat(stored).as("stored participant-minutes, none beyond the ground truth's").hasSize((int) expected);
        return expected;
    }

    private static String key(QosSample s) {
        return s.meetingUuid() + "|" + s.participantKey() + "|" + s.minute();
    }
}
