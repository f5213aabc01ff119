package io.zoomqos.collector.polling;

import java.time.Instant;

/**
 * One unit of work the planner hands out: read one meeting's QoS now.
 *
 * @param accountId the account whose budget pays for it
 * @param meetingUuid the meeting instance
 * @param kind a live poll or the final sweep
 * @param dueAt when it should have run; {@code startedAt - dueAt} is the poll lag
 * @param attempt 0 for the first try of a sweep, counting up on retries
 */
public record PollJob(String accountId, String meetingUuid, Kind kind, Instant dueAt, int attempt) {

    public enum Kind {
        /** {@code type=live}: what Zoom has so far. */
        LIVE,
        /** {@code type=past} after the end: everything, then per-participant gaps filled. */
        SWEEP
    }
}
