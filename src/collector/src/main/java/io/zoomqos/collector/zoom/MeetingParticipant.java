package io.zoomqos.collector.zoom;

import io.zoomqos.collector.qos.ParticipantInfo;
import java.time.Instant;

/**
 * One join of one participant from List meeting participants (a participant who rejoins appears
 * once per join). IP address, e-mail and the rest of Zoom's PII are dropped. Blank strings are null.
 *
 * @param userId per-meeting participant id
 * @param participantUuid Zoom's {@code id}; null for guests
 * @param userName display name; never log it
 * @param device e.g. {@code Windows}
 * @param location e.g. {@code United States}
 * @param networkType {@code Wired}, {@code Wifi}, {@code PPP}, {@code Cellular}, {@code Others}
 * @param joinTime may be null
 * @param leaveTime null while in the meeting
 * @param status {@code in_meeting} / {@code in_waiting_room}, may be null
 * @param clientVersion Zoom's {@code version}, may be null
 */
public record MeetingParticipant(String userId, String participantUuid, String userName, String device, String location,
                                 String networkType, Instant joinTime, Instant leaveTime, String status,
                                 String clientVersion) {

    public String participantKey() {
        return ParticipantInfo.keyFor(userId, userName, device, joinTime);
    }

    public ParticipantInfo toParticipantInfo(String meetingUuid) {
        return new ParticipantInfo(meetingUuid, participantKey(), userId, participantUuid, userName, device, location,
                networkType, joinTime, leaveTime, clientVersion);
    }

    @Override
    public String toString() {
        return "MeetingParticipant[key=" + participantKey() + ", device=" + device + ", networkType=" + networkType
                + ", joinTime=" + joinTime + ", leaveTime=" + leaveTime + ", status=" + status + "]";
    }
}
