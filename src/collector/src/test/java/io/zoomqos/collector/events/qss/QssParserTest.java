package io.zoomqos.collector.events.qss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.events.Fixtures;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class QssParserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final QssParser parser = new QssParser(meters);

    @Test
    void readsTheFixtureAsOneParticipantMinuteKeyedLikePolledRecords() {
        QssEvent e = parser.parse(tree(Fixtures.zoom("meeting.participant_qos.webhook.json")));

        assertThat(e.summary()).isFalse();
        assertThat(e.accountId()).isEqualTo("AbCdEfGhIjKlMnOpQrStUv");
        assertThat(e.meetingUuid()).isEqualTo("/Uh2nw9dQ9K0Xw+3UjLUSQ==");
        assertThat(e.meetingId()).isEqualTo(85746065432L);
        assertThat(e.startTime()).isEqualTo(Instant.parse("2025-03-10T14:00:05Z"));
        assertThat(e.participant().participantKey()).isEqualTo("u:16778240");
        assertThat(e.samples()).hasSize(1);
        QosSample s = e.samples().get(0);
        assertThat(s.minute()).isEqualTo(Instant.parse("2025-03-10T14:02:00Z"));
        assertThat(s.stream(StreamKind.AUDIO_INPUT).bitrateKbps()).isEqualTo(27.15);
        assertThat(s.stream(StreamKind.AUDIO_INPUT).latencyMs()).isEqualTo(20.0);
        assertThat(s.stream(StreamKind.AUDIO_OUTPUT).maxLossPct()).isEqualTo(0.2);
        assertThat(s.stream(StreamKind.VIDEO_INPUT).resolutionWidth()).isEqualTo(1280);
        assertThat(s.stream(StreamKind.VIDEO_INPUT).resolutionHeight()).isEqualTo(720);
        assertThat(s.stream(StreamKind.VIDEO_INPUT).frameRateFps()).isEqualTo(24.0);
        assertThat(s.cpu().zoomAvgPct()).isEqualTo(9.0);
        assertThat(s.cpu().systemMaxPct()).isEqualTo(41.0);
    }

    @Test
    void blankStringsAreAbsentValuesNotZerosAndNotErrors() {
        QosSample s = parser.parse(tree(Fixtures.zoom("meeting.participant_qos.webhook.json"))).samples().get(0);

        assertThat(s.stream(StreamKind.VIDEO_OUTPUT)).isEqualTo(StreamMetrics.ABSENT);
        assertThat(s.stream(StreamKind.SHARE_INPUT)).isEqualTo(StreamMetrics.ABSENT);
        assertThat(unparsable()).isZero();
    }

    @Test
    void unreadableValuesAreStoredAbsentAndCounted() {
        String body = Fixtures.zoom("meeting.participant_qos.webhook.json")
                .replace("\"27.15kbps\"", "\"lots\"")
                .replace("\"20 ms\"", "{\"x\":1}");

        QosSample s = parser.parse(tree(body)).samples().get(0);

        assertThat(s.stream(StreamKind.AUDIO_INPUT).bitrateKbps()).isNull();
        assertThat(s.stream(StreamKind.AUDIO_INPUT).latencyMs()).isNull();
        assertThat(s.stream(StreamKind.AUDIO_INPUT).jitterMs()).isEqualTo(2.0);
        assertThat(unparsable()).isEqualTo(2.0);
    }

    @Test
    void itemsWithoutTypeOrTimeOrOfUnknownTypeAreSkippedAndCounted() {
        String body = Fixtures.zoom("meeting.participant_qos.webhook.json")
                .replace("\"type\": \"audio_output\"", "\"type\": \"audio_output_rwg\"")
                .replace("\"type\": \"video_output\",\n            \"date_time\": \"2025-03-10T14:02:00Z\",", "\"type\": \"video_output\",")
                .replace("{\n            \"type\": \"cpu_usage\",\n            \"date_time\": \"2025-03-10T14:02:00Z\"",
                        "{\n            \"type\": \"cpu_usage\",\n            \"date_time\": \"yesterday\"");

        QssEvent e = parser.parse(tree(body));

        assertThat(e.samples()).hasSize(1);
        assertThat(e.samples().get(0).stream(StreamKind.AUDIO_OUTPUT)).isEqualTo(StreamMetrics.ABSENT);
        assertThat(e.samples().get(0).cpu().zoomAvgPct()).isNull();
        assertThat(meters.find("qos.qss.unreadable").tag("what", "type").counter().count()).isEqualTo(1.0);
        assertThat(meters.find("qos.qss.unreadable").tag("what", "date_time").counter().count()).isEqualTo(2.0);
    }

    @Test
    void severalEventsOfOneMinuteMergeIntoOneSample() {
        String body = Fixtures.zoom("meeting.participant_qos.webhook.json")
                .replace("\"type\": \"audio_output\",\n            \"date_time\": \"2025-03-10T14:02:00Z\"",
                        "\"type\": \"audio_output\",\n            \"date_time\": \"2025-03-10T14:02:40Z\"");

        QssEvent e = parser.parse(tree(body));

        assertThat(e.samples()).hasSize(1);
        assertThat(e.samples().get(0).stream(StreamKind.AUDIO_OUTPUT).bitrateKbps()).isEqualTo(31.40);
    }

    @Test
    void anEventNamingNoMeetingOrParticipantIsUnreadable() {
        String noUuid = Fixtures.zoom("meeting.participant_qos.webhook.json").replace("\"uuid\"", "\"uid\"");
        String noParticipant = Fixtures.zoom("meeting.participant_qos.webhook.json")
                .replace("\"user_id\": \"16778240\",", "")
                .replace("\"user_name\": \"Ana Lopez\",", "")
                .replace("\"join_time\": \"2025-03-10T14:00:41Z\",", "");

        assertThatThrownBy(() -> parser.parse(tree(noUuid))).isInstanceOf(QssUnreadableException.class);
        assertThatThrownBy(() -> parser.parse(tree(noParticipant))).isInstanceOf(QssUnreadableException.class);
        assertThat(meters.find("qos.qss.unreadable").tag("what", "uuid").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aSummaryKeepsZoomsFiguresAndCarriesNoSamples() {
        QssEvent e = parser.parse(tree(Fixtures.zoom("meeting.participant_qos_summary.webhook.json")));

        assertThat(e.summary()).isTrue();
        assertThat(e.samples()).isEmpty();
        assertThat(e.participant().leaveTime()).isEqualTo(Instant.parse("2025-03-10T14:47:31Z"));
        assertThat(e.summaryQos()).contains("\"avg_bitrate\":\"27.15kbps\"");
    }

    private double unparsable() {
        return meters.find("qos.zoom.unparsable").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }
}
