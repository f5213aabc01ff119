package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.Pseudonyms;
import io.zoomqos.collector.support.GroundTruthSamples;
import io.zoomqos.collector.support.TestDatabase;
import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.simulator.SimMeeting;
import io.zoomqos.simulator.SimulatedZoom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Pseudonymous mode through the whole pipeline (webhooks, live polls, sweeps, participant lists):
 * not one name, user id or participant key as Zoom sent it is stored, and every ground-truth
 * participant-minute is still stored once, under the pseudonym of its key, joining its participant
 * row and summary.
 */
@SweptSoonAfterTheEnd
@DemoEndToEndTest(properties = {
        "qos.privacy.mode=pseudonymous",
        "qos.privacy.key=demo-it-pseudonym-key-0123456789abcdef",
        "qos.simulator.time-scale=60",
        "qos.simulator.meetings=3",
        "qos.simulator.start-window=1m",
        "qos.simulator.continuous=false",
        "qos.simulator.duration-min=4m",
        "qos.simulator.duration-max=5m",
        "qos.simulator.seed=11",
        "qos.poll.reload-interval=2s",
        "qos.poll.interval=1m"})
class PseudonymousPipelineIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @Autowired
    SimulatedZoom zoom;
    @Autowired
    DatabaseClient db;
    @Autowired
    Pseudonyms pseudonyms;

    @Test
    void nothingPersonalIsStoredAndEveryMinuteStillJoinsItsParticipant() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            GroundTruth truth = zoom.groundTruth();
            return truth.meetings().size() == 3 && truth.endedMeetings().size() == 3
                    && new CollectedMeetings(db).sweptCount() == 3;
        });
        assertThat(pseudonyms.enabled()).isTrue();

        GroundTruth truth = zoom.groundTruth();
        Set<String> rawKeys = new HashSet<>();
        Set<String> expected = new HashSet<>();
        for (SimMeeting meeting : truth.meetings()) {
            for (QosSample want : GroundTruthSamples.of(truth, meeting.uuid())) {
                rawKeys.add(want.participantKey());
                expected.add(want.meetingUuid() + "|" + pseudonyms.participantKey(want.participantKey()) + "|" + want.minute());
            }
        }
        List<String> stored = db.sql("SELECT meeting_uuid || '|' || participant_key || '|' || "
                        + "to_char(minute AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM qos_sample")
                .map(row -> row.get(0, String.class)).all().collectList().block(Duration.ofSeconds(30));
        assertThat(expected).as("ground-truth minutes").hasSizeGreaterThan(50);
        assertThat(stored).as("every minute once, under the pseudonym of its key").hasSameSizeAs(expected)
                .containsExactlyInAnyOrderElementsOf(expected);

        List<Map<String, Object>> participants = db.sql("SELECT participant_key, user_id, participant_uuid, user_name"
                + " FROM participant").fetch().all().collectList().block(Duration.ofSeconds(30));
        assertThat(participants).isNotEmpty().allSatisfy(p -> {
            assertThat((String) p.get("participant_key")).matches("[a-z]:[0-9a-f]{32}");
            for (String column : List.of("user_id", "participant_uuid", "user_name")) {
                assertThat((String) p.get(column)).as(column).satisfiesAnyOf(
                        v -> assertThat(v).isNull(), v -> assertThat(v).matches("h:[0-9a-f]{32}"));
            }
        });
        assertThat(count("SELECT count(*) FROM qos_sample s WHERE NOT EXISTS (SELECT 1 FROM participant p"
                + " WHERE p.meeting_uuid = s.meeting_uuid AND p.participant_key = s.participant_key)"))
                .as("minutes whose participant row does not join").isZero();
        assertThat(count("SELECT count(*) FROM participant_summary")).isPositive();
        assertThat(count("SELECT count(*) FROM webhook_event WHERE NOT (payload ? 'pseudonymous')"))
                .as("webhook bodies kept as Zoom sent them").isZero();

        String everything = db.sql("SELECT string_agg(t, ' ') FROM (SELECT payload::text || dedup_key AS t FROM webhook_event"
                        + " UNION ALL SELECT participant_key FROM meeting_participant"
                        + " UNION ALL SELECT participant_key FROM participant_summary"
                        + " UNION ALL SELECT coalesce(host_id, '') FROM meeting) x")
                .map(row -> row.get(0, String.class)).one().block(Duration.ofSeconds(30));
        for (String raw : rawKeys) {
            assertThat(everything).as("a raw participant key").doesNotContain(raw);
        }
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> ((Number) row.get(0)).longValue()).one().block(Duration.ofSeconds(30));
    }
}
