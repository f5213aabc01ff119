package io.zoomqos.simulator;

/** CPU usage of one participant-minute in percent; null = not reported. */
public record CpuMetrics(Double zoomMinPct, Double zoomAvgPct, Double zoomMaxPct, Double systemMaxPct) {

    public static final CpuMetrics ABSENT = new CpuMetrics(null, null, null, null);
}
