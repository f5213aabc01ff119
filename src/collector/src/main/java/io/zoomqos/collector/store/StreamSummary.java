package io.zoomqos.collector.store;

/**
 * One stream's statistics over the minutes that reported it.
 *
 * @param stream Zoom's name, {@link StreamKind#zoomName()} (e.g. {@code audio_input})
 * @param minutes participant-minutes with any of latency, jitter, loss or bitrate for this stream
 * @param loss statistics of the per-minute average loss in percent
 */
public record StreamSummary(String stream, int minutes, Stat latencyMs, Stat jitterMs, Stat loss, Stat bitrateKbps) {
}
