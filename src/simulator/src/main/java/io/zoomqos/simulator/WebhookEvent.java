package io.zoomqos.simulator;

import java.time.Instant;

/**
 * One webhook the simulator sends, with its exact body bytes (what the signature covers).
 *
 * @param accountId whose secret signs it
 * @param event {@code meeting.started}, {@code meeting.participant_joined}, ...
 * @param at simulated time it happened ({@code event_ts})
 * @param meetingUuid the meeting instance
 * @param body compact JSON in Zoom's envelope
 */
public record WebhookEvent(String accountId, String event, Instant at, String meetingUuid, String body) {
}
