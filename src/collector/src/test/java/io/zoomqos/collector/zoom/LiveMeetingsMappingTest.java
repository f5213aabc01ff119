package io.zoomqos.collector.zoom;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class LiveMeetingsMappingTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final QosRecordMapper mapper = new QosRecordMapper(new QosValueParser(registry));
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsTheLiveMeetingsOfTheFixture() {
        QosRecordMapper.LiveMeetingsPage page = mapper.liveMeetingsPage(
                json.readTree(Fixtures.zoom("metrics.meetings.live.page1.json")));

        assertThat(page.nextPageToken()).isNull();
        assertThat(page.meetings()).containsExactly(
                new LiveMeeting("/Uh2nw9dQ9K0Xw+3UjLUSQ==", 85746065432L, "Weekly platform sync",
                        Instant.parse("2025-03-10T14:00:05Z"), 8),
                new LiveMeeting("k2Vf1Xq0TdqS8y3C4jL7hA==", 83120098877L, "Incident review",
                        Instant.parse("2025-03-10T14:05:44Z"), 4));
    }

    @Test
    void aMeetingWithoutUuidIsCountedAndLeftOutAlone() {
        String body = Fixtures.zoom("metrics.meetings.live.page1.json").replace("\"uuid\": \"k2Vf1Xq0TdqS8y3C4jL7hA==\",", "");

        QosRecordMapper.LiveMeetingsPage page = mapper.liveMeetingsPage(json.readTree(body));

        assertThat(page.meetings()).extracting(LiveMeeting::meetingId).containsExactly(85746065432L);
        assertThat(registry.find(QosValueParser.UNPARSABLE_METRIC).tag("field", "meetings.uuid").counter().count())
                .isEqualTo(1.0);
    }
}
