package io.zoomqos.collector.events.qss;

import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.Pseudonyms;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One QSS event, read: who, in which meeting, and the participant-minutes it carries.
 *
 * @param summary true for {@code meeting.participant_qos_summary}, false for {@code meeting.participant_qos}
 * @param eventTs Zoom's {@code event_ts} (ms), 0 when absent
 * @param meetingId {@code payload.object.id}, 0 when absent or unreadable
 * @param startTime the meeting's start as Zoom says, may be null
 * @param participant the participant, keyed like polled records ({@link ParticipantInfo#keyFor})
 * @param samples one per participant-minute ({@code date_time} truncated to the minute); empty for a summary
 * @param summaryQos the summary's {@code qos[]} JSON as Zoom sent it; null for per-minute events
 */
public record QssEvent(boolean summary, long eventTs, String accountId, String meetingUuid, long meetingId,
                       @Nullable String hostId, @Nullable String topic, @Nullable Instant startTime,
                       ParticipantInfo participant, List<QosSample> samples, @Nullable String summaryQos) {

    public static final String QOS = "meeting.participant_qos";
    public static final String QOS_SUMMARY = "meeting.participant_qos_summary";

    public QssEvent {
        samples = List.copyOf(samples);
    }

    /** As stored: participant ids and keys replaced by their pseudonyms in pseudonymous mode (else unchanged). */
    QssEvent pseudonymized(Pseudonyms pseudonyms) {
        if (!pseudonyms.enabled()) {
            return this;
        }
        return new QssEvent(summary, eventTs, accountId, meetingUuid, meetingId, pseudonyms.of(hostId), topic, startTime,
                pseudonyms.participant(participant), samples.stream().map(pseudonyms::sample).toList(), summaryQos);
    }

    /** True for the event names this package reads. */
    public static boolean handles(@Nullable String eventName) {
        return QOS.equals(eventName) || QOS_SUMMARY.equals(eventName);
    }

    /** The earliest minute among the samples, else the start time, else null. */
    @Nullable Instant firstMinute() {
        return samples.stream().map(QosSample::minute).min(Instant::compareTo).orElse(startTime);
    }

    /** The latest minute among the samples; null for a summary. */
    @Nullable Instant lastMinute() {
        return samples.stream().map(QosSample::minute).max(Instant::compareTo).orElse(null);
    }
}
