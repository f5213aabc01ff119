package io.zoomqos.collector.store;

import java.time.Instant;
import java.util.List;

/**
 * A participant's QoS over its stored minutes, as last recomputed.
 *
 * @param minutesWithData stored participant-minutes
 * @param poorMinutes minutes where a stream crossed a {@link QualityProperties} threshold
 * @param poor {@code poorMinutes / minutesWithData > poorMinuteFraction}
 */
public record ParticipantSummary(String meetingUuid, String participantKey, int minutesWithData, int poorMinutes,
                                 boolean poor, Instant computedAt, List<StreamSummary> streams) {
}
