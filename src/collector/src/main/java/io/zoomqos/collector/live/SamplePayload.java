package io.zoomqos.collector.live;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data of a SAMPLE event: one participant-minute with parsed numbers. Streams are keyed by
 * Zoom's own names ({@code audio_input}, {@code as_output}, ...) and absent streams are left out.
 */
public record SamplePayload(String meetingUuid, String participantKey, Instant minute,
                            Map<String, StreamMetrics> streams, CpuMetrics cpu) {

    public static SamplePayload of(QosSample sample) {
        Map<String, StreamMetrics> streams = new TreeMap<>();
        sample.streams().forEach((StreamKind kind, StreamMetrics m) -> {
            if (m != null && !m.isAbsent()) {
                streams.put(kind.zoomName(), m);
            }
        });
        return new SamplePayload(sample.meetingUuid(), sample.participantKey(), sample.minute(), streams, sample.cpu());
    }
}
