package io.zoomqos.collector.simulator;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import java.time.Instant;
import java.util.Map;

/**
 * One participant-minute exactly as the simulator renders it. Every number is already rounded to
 * what the rendered string shows, so parsing {@code "27.15 kbps"} gives back the same double.
 *
 * @param meetingUuid the meeting instance
 * @param userId per-meeting participant id
 * @param minute Zoom's {@code date_time}
 * @param streams active streams only; the others render as empty strings
 * @param cpu CPU usage
 * @param wifiRssi {@code {max, avg, min}} in dBm, or null when not on Wi-Fi
 */
public record SimSample(String meetingUuid, String userId, Instant minute, Map<StreamKind, StreamMetrics> streams,
                        CpuMetrics cpu, int[] wifiRssi) {

    public SimSample {
        streams = Map.copyOf(streams);
    }

    /** The same minute as the collector's value type, keyed like the collector keys it. */
    public QosSample toQosSample() {
        return new QosSample(meetingUuid, "u:" + userId, minute, streams, cpu);
    }
}
