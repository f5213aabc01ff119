package io.zoomqos.collector.store;

import java.time.Instant;

/**
 * A validated read of one meeting's samples: optional participant, minute range
 * {@code [from, to)}, keyset position and page size.
 */
public record SampleQuery(String meetingUuid, String participantKey, Instant from, Instant to, SampleCursor after, int limit) {

    SampleQuery after(SampleCursor next) {
        return new SampleQuery(meetingUuid, participantKey, from, to, next, limit);
    }
}
