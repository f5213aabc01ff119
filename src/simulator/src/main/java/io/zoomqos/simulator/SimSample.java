package io.zoomqos.simulator;

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

}
