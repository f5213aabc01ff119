package io.zoomqos.collector.store;

import java.time.Instant;
import java.util.List;

/**
 * A meeting's QoS as last recomputed. Stream statistics are over all participant-minutes of the
 * meeting (the p95 of every minute, not an average of participants' figures).
 *
 * @param participants participants known from the participant list or from samples
 * @param poorParticipants participants flagged poor
 * @param minutesWithData stored participant-minutes
 * @param poorMinutes poor participant-minutes
 */
public record MeetingSummary(String meetingUuid, int participants, int poorParticipants, int minutesWithData,
                             int poorMinutes, Instant computedAt, List<StreamSummary> streams) {
}
