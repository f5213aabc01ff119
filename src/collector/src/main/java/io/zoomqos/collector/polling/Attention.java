package io.zoomqos.collector.polling;

/**
 * What a live meeting's freshness is worth, highest first: the planner serves due live polls in
 * this order, and by earliest deadline within one level.
 */
public enum Attention {
    /** Someone looks at it: an SSE subscriber or an open page filtered on the meeting, on any replica. */
    WATCHED,
    /** An admin pinned it, or a configured rule (meeting id, host id, topic pattern) names it. */
    PINNED,
    /** Its last live poll stored a minute that crossed a quality threshold (an alert). */
    POOR,
    /** Everyone else: what the budget leaves after the levels above and the sweeps. */
    OTHER;

    /**
     * Watched and pinned meetings keep their interval: they stay polled when the live share is
     * spent, and their live polls take permits at the sweeps' priority.
     */
    public boolean keepsInterval() {
        return this == WATCHED || this == PINNED;
    }
}
