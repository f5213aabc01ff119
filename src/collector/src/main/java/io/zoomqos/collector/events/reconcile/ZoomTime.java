package io.zoomqos.collector.events.reconcile;

import java.time.Clock;

/**
 * The clock Zoom's meeting times are in, against which past reconciliation chooses which end times
 * to list. Without such a bean it is our own UTC clock (Zoom's and ours agree to the second in
 * production); the demo declares the simulator's, which runs faster than real time.
 */
public record ZoomTime(Clock clock) {
}
