package io.zoomqos.simulator;

/**
 * One stream's numbers for one participant-minute, parsed from Zoom's strings
 * ({@code "27.15 kbps"}, {@code "126 ms"}, {@code "0.03%"}, {@code "1280*720"}, {@code "12 fps"}).
 * A null field means Zoom gave no value (empty string or missing), never zero.
 */
public record StreamMetrics(
        Double bitrateKbps,
        Double latencyMs,
        Double jitterMs,
        Double avgLossPct,
        Double maxLossPct,
        Integer resolutionWidth,
        Integer resolutionHeight,
        Double frameRateFps) {

    public static final StreamMetrics ABSENT = new StreamMetrics(null, null, null, null, null, null, null, null);

    /** True when Zoom reported nothing at all for the stream in this minute. */
    public boolean isAbsent() {
        return bitrateKbps == null && latencyMs == null && jitterMs == null && avgLossPct == null
                && maxLossPct == null && resolutionWidth == null && resolutionHeight == null && frameRateFps == null;
    }
}
