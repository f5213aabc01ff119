package io.zoomqos.collector.live;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import java.time.Instant;
import java.util.Map;

/** Feed events for tests. */
final class Events {

    static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";
    static final Instant MINUTE = Instant.parse("2026-11-25T10:00:00Z");

    private Events() {
    }

    static FeedEvent sample(long seq, String meeting, String participant) {
        return sample(ACCOUNT, seq, meeting, participant);
    }

    static FeedEvent sample(String account, long seq, String meeting, String participant) {
        StreamMetrics audio = new StreamMetrics(27.15, 126.0, 3.0, 0.03, 0.1, null, null, null);
        return FeedEvent.sample(account, seq, new SamplePayload(meeting, participant, MINUTE.plusSeconds(60 * seq),
                Map.of("audio_input", audio), CpuMetrics.ABSENT));
    }

    static FeedEvent event(FeedEvent.Type type, long seq, String meeting, String participant, Object data) {
        return new FeedEvent(type, ACCOUNT, meeting, participant, seq, data);
    }

    static FeedEvent meeting(long seq, String meeting, String state) {
        return event(FeedEvent.Type.MEETING, seq, meeting, null, new MeetingPayload(state, 85_012_345_678L, MINUTE));
    }
}
