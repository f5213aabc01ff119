package io.zoomqos.collector.polling;

import java.time.Instant;
import java.util.Objects;

/**
 * A meeting's lifecycle moved: the input of the polling pipeline. Emitted only after the change
 * is committed to PostgreSQL, so a subscriber that reads the database sees it.
 *
 * @param accountId the Zoom account the meeting belongs to
 * @param meetingUuid the meeting instance (Zoom's UUID)
 * @param meetingId the numeric meeting ID (several instances can share it)
 * @param kind what happened
 * @param at when Zoom says it happened (start or end time), not when we heard of it
 */
public record MeetingSignal(String accountId, String meetingUuid, long meetingId, Kind kind, Instant at) {

    public enum Kind { STARTED, ENDED }

    public MeetingSignal {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(meetingUuid, "meetingUuid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }
}
