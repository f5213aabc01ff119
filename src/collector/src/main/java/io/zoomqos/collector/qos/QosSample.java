package io.zoomqos.collector.qos;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One participant-minute of QoS: the unit stored exactly once (natural key: meeting UUID,
 * participant key, minute).
 *
 * @param meetingUuid the meeting instance
 * @param participantKey stable per-meeting key of the participant (see {@link ParticipantInfo#participantKey()})
 * @param minute Zoom's {@code date_time}, minute-aligned
 * @param streams the streams Zoom reported; a missing key or an absent value means no data
 * @param cpu CPU usage, {@link CpuMetrics#ABSENT} when not reported
 */
public record QosSample(String meetingUuid, String participantKey, Instant minute,
                        Map<StreamKind, StreamMetrics> streams, CpuMetrics cpu) {

    public QosSample {
        Objects.requireNonNull(meetingUuid, "meetingUuid");
        Objects.requireNonNull(participantKey, "participantKey");
        Objects.requireNonNull(minute, "minute");
        streams = Map.copyOf(streams);
        cpu = cpu == null ? CpuMetrics.ABSENT : cpu;
    }

    public StreamMetrics stream(StreamKind kind) {
        return streams.getOrDefault(kind, StreamMetrics.ABSENT);
    }
}
