package io.zoomqos.collector.zoom;

import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.QosSample;
import java.time.Instant;
import java.util.List;

/**
 * One participant's QoS record from Zoom (List / Get participant QoS). Zoom's IP addresses, MAC,
 * PC name, domain and hard-disk id are dropped while parsing: we do not need them and do not keep
 * PII we do not need. Blank strings from Zoom are null here.
 *
 * @param userId Zoom's per-meeting participant id ({@code user_id}), the {@code participantId} of
 *               {@link ZoomClient#participantQos}
 * @param participantUuid Zoom's {@code id}; null for guests (Zoom blanks it)
 * @param userName display name; never log it
 * @param device e.g. {@code Windows}
 * @param location e.g. {@code United States}
 * @param joinTime may be null
 * @param leaveTime null while in the meeting
 * @param clientVersion Zoom's {@code version}
 * @param minutes the per-minute samples, in Zoom's order; samples without a readable {@code date_time} are dropped
 */
public record ParticipantQos(String userId, String participantUuid, String userName, String device, String location,
                             Instant joinTime, Instant leaveTime, String clientVersion, List<QosMinute> minutes) {

    public ParticipantQos {
        minutes = minutes == null ? List.of() : List.copyOf(minutes);
    }

    /** The stable per-meeting key ({@link ParticipantInfo#keyFor}), also for guests without an {@code id}. */
    public String participantKey() {
        return ParticipantInfo.keyFor(userId, userName, device, joinTime);
    }

    public ParticipantInfo toParticipantInfo(String meetingUuid) {
        return new ParticipantInfo(meetingUuid, participantKey(), userId, participantUuid, userName, device, location,
                null, joinTime, leaveTime, clientVersion);
    }

    /** One {@link QosSample} per minute, ready for the store. */
    public List<QosSample> toSamples(String meetingUuid) {
        String key = participantKey();
        return minutes.stream().map(m -> new QosSample(meetingUuid, key, m.dateTime(), m.streams(), m.cpu())).toList();
    }

    /** Without the display name, so that logging a record cannot leak it. */
    @Override
    public String toString() {
        return "ParticipantQos[key=" + participantKey() + ", device=" + device + ", joinTime=" + joinTime
                + ", leaveTime=" + leaveTime + ", minutes=" + minutes.size() + "]";
    }
}
