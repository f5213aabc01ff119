package io.zoomqos.collector.live;

import java.time.Instant;

/**
 * The data of an ALERT event: a participant-minute crossed a threshold.
 *
 * @param metric e.g. {@code latencyMs}, {@code avgLossPct}
 * @param stream Zoom's stream name, e.g. {@code audio_input}; null for CPU
 */
public record AlertPayload(String metric, String stream, double value, double threshold, Instant minute) {
}
