package io.zoomqos.collector.zoom;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class QosRecordMapperTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final QosRecordMapper mapper = new QosRecordMapper(new QosValueParser(registry));
    private final JsonMapper json = JsonMapper.builder().build();

    private QosPage page1() {
        return mapper.qosPage(json.readTree(Fixtures.zoom("metrics.meetings.participants.qos.page1.json")));
    }

    @Test
    void readsPagingFields() {
        QosPage page = page1();

        assertThat(page.participants()).hasSize(2);
        assertThat(page.nextPageToken()).isEqualTo("Qv8TzH1nRk0pYc2wLm5sXa9bUe3dGf7jKi4");
        assertThat(page.hasNext()).isTrue();
        assertThat(page.totalRecords()).isEqualTo(3);
    }

    @Test
    void readsParticipantWithoutPii() {
        ParticipantQos ana = page1().participants().get(0);

        assertThat(ana.userId()).isEqualTo("16778240");
        assertThat(ana.participantUuid()).isEqualTo("zJKyaiAyTNC-MWjiWC18KQ");
        assertThat(ana.userName()).isEqualTo("Ana Lopez");
        assertThat(ana.device()).isEqualTo("Windows");
        assertThat(ana.location()).isEqualTo("United States");
        assertThat(ana.joinTime()).isEqualTo(Instant.parse("2025-03-10T14:00:41Z"));
        assertThat(ana.leaveTime()).isEqualTo(Instant.parse("2025-03-10T14:47:31Z"));
        assertThat(ana.clientVersion()).isEqualTo("6.3.11.60501");
        assertThat(ana.participantKey()).isEqualTo("u:16778240");
        assertThat(ana.toString()).doesNotContain("Ana").doesNotContain("192.0.2.10");
        assertThat(Arrays.stream(ParticipantQos.class.getRecordComponents()).map(RecordComponent::getName))
                .noneMatch(n -> n.matches("(?i).*(address|mac|pcname|disk|domain|email).*"));
    }

    @Test
    void parsesEveryMinuteToExactNumbers() {
        ParticipantQos ana = page1().participants().get(0);
        assertThat(ana.minutes()).hasSize(2);

        QosMinute first = ana.minutes().get(0);
        assertThat(first.dateTime()).isEqualTo(Instant.parse("2025-03-10T14:01:00Z"));
        assertThat(first.stream(StreamKind.AUDIO_INPUT))
                .isEqualTo(new StreamMetrics(27.15, 20.0, 2.0, 0.1, 0.8, null, null, null));
        assertThat(first.stream(StreamKind.AUDIO_OUTPUT))
                .isEqualTo(new StreamMetrics(31.40, 22.0, 3.0, 0.0, 0.2, null, null, null));
        assertThat(first.stream(StreamKind.VIDEO_INPUT))
                .isEqualTo(new StreamMetrics(612.30, 21.0, 4.0, 0.2, 1.1, 1280, 720, 24.0));
        assertThat(first.stream(StreamKind.VIDEO_OUTPUT))
                .isEqualTo(new StreamMetrics(845.02, 25.0, 5.0, 0.1, 0.6, 640, 360, 25.0));
        assertThat(first.cpu()).isEqualTo(new CpuMetrics(4.0, 9.0, 15.0, 41.0));
        assertThat(first.wifiRssiAvg()).isEqualTo(-55);

        QosMinute second = ana.minutes().get(1);
        assertThat(second.dateTime()).isEqualTo(Instant.parse("2025-03-10T14:02:00Z"));
        assertThat(second.stream(StreamKind.AUDIO_INPUT))
                .isEqualTo(new StreamMetrics(26.88, 126.0, 18.0, 2.4, 7.9, null, null, null));
        assertThat(second.cpu()).isEqualTo(new CpuMetrics(5.0, 12.0, 22.0, 58.0));
        assertThat(second.wifiRssiAvg()).isEqualTo(-70);
    }

    @Test
    void emptyStringsAreAbsentAndZeroStaysZero() {
        QosMinute first = page1().participants().get(0).minutes().get(0);

        assertThat(first.stream(StreamKind.SHARE_INPUT)).isSameAs(StreamMetrics.ABSENT);
        assertThat(first.stream(StreamKind.SHARE_OUTPUT).isAbsent()).isTrue();
        // "0.0%" is a measured zero, not absence
        assertThat(first.stream(StreamKind.AUDIO_OUTPUT).avgLossPct()).isEqualTo(0.0);
        assertThat(first.streams()).containsOnlyKeys(StreamKind.values());
        assertThat(registry.find(QosValueParser.UNPARSABLE_METRIC).counters()).isEmpty();
    }

    @Test
    void guestWithBlankIdGetsStableKeyAndAbsentFields() {
        ParticipantQos guest = page1().participants().get(1);
        ParticipantQos again = page1().participants().get(1);

        assertThat(guest.participantUuid()).isNull();
        assertThat(guest.location()).isNull();
        assertThat(guest.participantKey()).isEqualTo("u:16779264").isEqualTo(again.participantKey());
        QosMinute first = guest.minutes().get(0);
        assertThat(first.stream(StreamKind.VIDEO_INPUT)).isSameAs(StreamMetrics.ABSENT);
        assertThat(first.stream(StreamKind.SHARE_INPUT))
                .isEqualTo(new StreamMetrics(1102.50, 37.0, 5.0, 0.0, 0.2, 1920, 1080, 7.0));
        assertThat(first.cpu()).isEqualTo(new CpuMetrics(3.0, 7.0, 11.0, 27.0));
        assertThat(first.wifiRssiAvg()).isNull();
    }

    @Test
    void guestWithoutAnyIdGetsDigestKeyStableAcrossReads() {
        String body = """
                {"participants":[{"id":"","user_id":"","user_name":"Dial-in 3","device":"Phone",
                 "join_time":"2025-03-10T14:10:02Z","user_qos":[]}]}""";

        String key = mapper.qosPage(json.readTree(body)).participants().get(0).participantKey();

        assertThat(key).startsWith("g:")
                .isEqualTo(mapper.qosPage(json.readTree(body)).participants().get(0).participantKey())
                .isEqualTo(ParticipantInfo.keyFor(null, "Dial-in 3", "Phone", Instant.parse("2025-03-10T14:10:02Z")));
    }

    @Test
    void turnsParticipantIntoSamplesForTheStore() {
        ParticipantQos ana = page1().participants().get(0);

        List<QosSample> samples = ana.toSamples("uuid-1");

        assertThat(samples).extracting(QosSample::minute)
                .containsExactly(Instant.parse("2025-03-10T14:01:00Z"), Instant.parse("2025-03-10T14:02:00Z"));
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.meetingUuid()).isEqualTo("uuid-1");
            assertThat(s.participantKey()).isEqualTo("u:16778240");
        });
        assertThat(samples.get(0).stream(StreamKind.VIDEO_INPUT).resolutionWidth()).isEqualTo(1280);
        assertThat(ana.toParticipantInfo("uuid-1").participantKey()).isEqualTo("u:16778240");
    }

    @Test
    void dropsMinutesWithoutReadableTimeAndCountsGarbage() {
        String body = """
                {"participants":[{"user_id":"7","user_qos":[
                  {"audio_input":{"bitrate":"1 kbps"}},
                  {"date_time":"soon","audio_input":{"bitrate":"1 kbps"}},
                  {"date_time":"2025-03-10T14:01:00Z","audio_input":{"bitrate":"fast","latency":"9 ms"},
                   "unknown_stream":{"x":"y"}},
                  "not-an-object"
                ]}]}""";

        ParticipantQos p = mapper.qosPage(json.readTree(body)).participants().get(0);

        assertThat(p.minutes()).hasSize(1);
        assertThat(p.minutes().get(0).stream(StreamKind.AUDIO_INPUT))
                .isEqualTo(new StreamMetrics(null, 9.0, null, null, null, null, null, null));
        assertThat(unparsable("date_time")).isEqualTo(2.0);
        assertThat(unparsable("bitrate")).isEqualTo(1.0);
        assertThat(unparsable("user_qos")).isEqualTo(1.0);
    }

    @Test
    void readsLegacySingleObjectUserQos() {
        String body = """
                {"participants":[{"user_id":"7","user_qos":{"date_time":"2025-03-10T14:01:00Z",
                  "audio_input":{"latency":"9 ms"}}}]}""";

        assertThat(mapper.qosPage(json.readTree(body)).participants().get(0).minutes()).hasSize(1);
    }

    @Test
    void lastPageHasNoNextToken() {
        QosPage page = mapper.qosPage(json.readTree(Fixtures.zoom("metrics.meetings.participants.qos.page2.json")));

        assertThat(page.hasNext()).isFalse();
        assertThat(page.nextPageToken()).isNull();
        ParticipantQos chen = page.participants().get(0);
        assertThat(chen.leaveTime()).isNull();
        assertThat(chen.minutes().get(0).stream(StreamKind.VIDEO_INPUT)).isSameAs(StreamMetrics.ABSENT);
        assertThat(chen.minutes().get(0).cpu()).isEqualTo(new CpuMetrics(0.0, 1.0, 2.0, null));
    }

    @Test
    void readsMeetingParticipants() {
        QosRecordMapper.ParticipantsPage page =
                mapper.participantsPage(json.readTree(Fixtures.zoom("metrics.meetings.participants.page1.json")));

        assertThat(page.nextPageToken()).isEqualTo("Pt1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT");
        assertThat(page.totalRecords()).isEqualTo(3);
        assertThat(page.participants()).containsExactly(
                new MeetingParticipant("16778240", "zJKyaiAyTNC-MWjiWC18KQ", "Ana Lopez", "Windows", "United States",
                        "Wifi", Instant.parse("2025-03-10T14:00:41Z"), Instant.parse("2025-03-10T14:47:31Z"),
                        "in_meeting", "6.3.11.60501"),
                new MeetingParticipant("16779264", null, "Guest 2", "Mac", null, "Wired",
                        Instant.parse("2025-03-10T14:00:58Z"), Instant.parse("2025-03-10T14:47:31Z"), "in_meeting",
                        "6.4.0.52913"));
    }

    private double unparsable(String field) {
        Counter c = registry.find(QosValueParser.UNPARSABLE_METRIC).tag("field", field).counter();
        return c == null ? 0.0 : c.count();
    }
}
