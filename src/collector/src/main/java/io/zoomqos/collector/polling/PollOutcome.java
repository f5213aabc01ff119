package io.zoomqos.collector.polling;

/** How a {@link PollJob} ended, as far as the planner needs to know to schedule the next one. */
public enum PollOutcome {
    /** Data read and stored. */
    DONE,
    /** Zoom has no data for this meeting yet (404/3001): sweeps retry later. */
    NOT_READY,
    /** Zoom says the meeting is not live (a live poll after a missed {@code meeting.ended}). */
    NOT_LIVE,
    /** Zoom refused for rate (429): the budget has paused the account; just try again. */
    RATE_LIMITED,
    /** Anything else (after the client's own bounded retries): try at the next interval. */
    FAILED,
    /** Zoom will never have it (e.g. 400/12702, meeting too old): stop. */
    GONE
}
