package io.zoomqos.collector.store;

/** Average, maximum and 95th percentile (continuous, as PostgreSQL's percentile_cont) of one metric; null = no data. */
public record Stat(Double avg, Double max, Double p95) {
}
