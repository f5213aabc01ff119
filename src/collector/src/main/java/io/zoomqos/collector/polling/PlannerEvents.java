package io.zoomqos.collector.polling;

import java.time.Instant;

/**
 * What the planner decided that others must record or show. Implementations persist and publish;
 * they must not block and must not throw (the planner ignores their failures).
 */
public interface PlannerEvents {

    /** A live poll or sweep ran. {@code startedAt - job.dueAt()} is its lag. */
    default void polled(PollJob job, PollOutcome outcome, Instant startedAt) {
    }

    /** The stop rule closed a meeting whose {@code meeting.ended} never came. */
    default void closedByStopRule(String accountId, String meetingUuid, String reason, Instant at) {
    }

    /** The final sweep stored everything Zoom had. */
    default void swept(String accountId, String meetingUuid, Instant at) {
    }

    /** The final sweep was abandoned (too long without data, or Zoom said it never will). */
    default void sweepGivenUp(String accountId, String meetingUuid, String reason, Instant at) {
    }
}
