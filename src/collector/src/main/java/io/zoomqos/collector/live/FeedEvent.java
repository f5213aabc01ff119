package io.zoomqos.collector.live;

import java.util.Locale;
import java.util.Objects;

/**
 * One item of the live feed, published only after what it describes is committed to PostgreSQL.
 *
 * @param type what it is
 * @param accountId the Zoom account; never null
 * @param meetingUuid the meeting instance; null for {@link Type#BUDGET}
 * @param participantKey the participant; null for meeting- or account-level events
 * @param seq position in its source: the store's sample sequence for {@link Type#SAMPLE}, the
 *     {@code live_event.id} for MEETING / SUMMARY / ALERT, 0 for BUDGET (not replayable)
 * @param data the JSON-serialisable payload ({@link SamplePayload}, {@link MeetingPayload},
 *     {@link AlertPayload}, a summary or a budget status record)
 */
public record FeedEvent(Type type, String accountId, String meetingUuid, String participantKey, long seq, Object data) {

    public FeedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(accountId, "accountId");
        if (type != Type.BUDGET) {
            Objects.requireNonNull(meetingUuid, "meetingUuid");
        }
        if (type.source() == Source.NONE ? seq != 0 : seq <= 0) {
            throw new IllegalArgumentException("seq " + seq + " is not valid for " + type);
        }
    }

    /** A committed participant-minute; {@code seq} is the store's sequence of the row. */
    public static FeedEvent sample(String accountId, long seq, SamplePayload sample) {
        return new FeedEvent(Type.SAMPLE, accountId, sample.meetingUuid(), sample.participantKey(), seq, sample);
    }

    /** The account's budget as it stands (not stored, not replayed: the next one supersedes it). */
    public static FeedEvent budget(String accountId, Object status) {
        return new FeedEvent(Type.BUDGET, accountId, null, null, 0, status);
    }

    public enum Type {
        SAMPLE(Source.SAMPLES), MEETING(Source.EVENTS), SUMMARY(Source.EVENTS), ALERT(Source.EVENTS), BUDGET(Source.NONE);

        private final Source source;

        Type(Source source) {
            this.source = source;
        }

        public Source source() {
            return source;
        }

        /** The SSE {@code event:} name. */
        public String eventName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which sequence an event's {@code seq} belongs to; each part of the cursor follows one. */
    public enum Source { SAMPLES, EVENTS, NONE }
}
