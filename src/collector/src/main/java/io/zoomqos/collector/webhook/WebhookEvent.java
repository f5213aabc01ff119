package io.zoomqos.collector.webhook;

import io.zoomqos.collector.events.EventSource;
import java.time.Instant;

/**
 * One accepted meeting webhook, checked and parsed.
 *
 * @param kind which of the four meeting events
 * @param eventTs Zoom's {@code event_ts} (ms since epoch)
 * @param accountId {@code payload.account_id}
 * @param meetingUuid {@code payload.object.uuid}: the instance, our key
 * @param meetingId {@code payload.object.id}
 * @param hostId may be null
 * @param topic may be null
 * @param meetingType may be null
 * @param startTime may be null
 * @param endTime {@code meeting.ended} only (else null)
 * @param participantKey join/left only: the participant's stable per-meeting key (else null)
 * @param rawBody the exact bytes Zoom sent, stored verbatim
 * @param source how it reached us (not part of its identity: the same event by both sources is stored once)
 */
record WebhookEvent(Kind kind, long eventTs, String accountId, String meetingUuid, long meetingId, String hostId,
                    String topic, Integer meetingType, Instant startTime, Instant endTime, String participantKey,
                    String rawBody, EventSource source) {

    /** An event delivered by webhook. */
    WebhookEvent(Kind kind, long eventTs, String accountId, String meetingUuid, long meetingId, String hostId,
                 String topic, Integer meetingType, Instant startTime, Instant endTime, String participantKey,
                 String rawBody) {
        this(kind, eventTs, accountId, meetingUuid, meetingId, hostId, topic, meetingType, startTime, endTime,
                participantKey, rawBody, EventSource.WEBHOOK);
    }

    WebhookEvent from(EventSource newSource) {
        return new WebhookEvent(kind, eventTs, accountId, meetingUuid, meetingId, hostId, topic, meetingType, startTime,
                endTime, participantKey, rawBody, newSource);
    }

    enum Kind {
        STARTED("meeting.started"),
        ENDED("meeting.ended"),
        PARTICIPANT_JOINED("meeting.participant_joined"),
        PARTICIPANT_LEFT("meeting.participant_left");

        final String zoomName;

        Kind(String zoomName) {
            this.zoomName = zoomName;
        }

        static Kind of(String zoomName) {
            for (Kind k : values()) {
                if (k.zoomName.equals(zoomName)) {
                    return k;
                }
            }
            return null;
        }

        boolean participant() {
            return this == PARTICIPANT_JOINED || this == PARTICIPANT_LEFT;
        }
    }

    /** Same for Zoom's redeliveries of one event, different for distinct events. */
    String dedupKey() {
        return kind.zoomName + '|' + eventTs + '|' + meetingUuid + (participantKey == null ? "" : '|' + participantKey);
    }

    /** When Zoom says the event happened. */
    Instant eventTime() {
        return Instant.ofEpochMilli(eventTs);
    }
}
