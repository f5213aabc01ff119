package io.zoomqos.collector.polling;

/**
 * How fresh a live meeting's data is kept, and why.
 *
 * @param meetingUuid the meeting
 * @param state {@link #FRESH}, {@link #STRETCHED} or {@link #SWEEP_ONLY}
 * @param reason one sentence for people (API, SSE, page)
 * @param attention its level in the planner's order
 */
public record LiveState(String meetingUuid, String state, String reason, Attention attention) {

    /** Polled at the configured interval. */
    public static final String FRESH = "fresh";
    /** Overdue: the budget's live share serves it later than its interval. */
    public static final String STRETCHED = "stretched";
    /** Not polled live any more today: what is left of the quota is needed by the final sweeps. */
    public static final String SWEEP_ONLY = "sweep-only";
}
