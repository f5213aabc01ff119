package io.zoomqos.collector.live;

import java.time.Instant;

/**
 * The data of a MEETING event.
 *
 * @param state one of {@link #STARTED}, {@link #ENDED}, {@link #SWEPT}, {@link #GIVEN_UP}
 * @param meetingId Zoom's numeric meeting id, null when unknown
 * @param at when it happened (Zoom's time for started/ended, ours for swept/given_up)
 */
public record MeetingPayload(String state, Long meetingId, Instant at) {
    public static final String STARTED = "started";
    public static final String ENDED = "ended";
    public static final String SWEPT = "swept";
    public static final String GIVEN_UP = "given_up";
}
