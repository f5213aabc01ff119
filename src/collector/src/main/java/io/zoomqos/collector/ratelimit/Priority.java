package io.zoomqos.collector.ratelimit;

/**
 * Who is asking for a permit. Only sweeps (the final read of a meeting that ended) may spend
 * the daily reserve ({@code sweepReserve} of the quota), so that a busy day still leaves room
 * to close every meeting; sweeps are also served before waiting normal calls, and background
 * calls only when neither waits.
 */
public enum Priority {
    /** Live polls and everything else. */
    NORMAL,
    /** End-of-meeting sweeps: may use the reserve, served first. */
    SWEEP,
    /**
     * Reconciliation (List meetings): served only when no sweep or normal call waits, never
     * from the reserve. It only catches what lost events missed, so it must not delay a poll.
     */
    BACKGROUND
}
