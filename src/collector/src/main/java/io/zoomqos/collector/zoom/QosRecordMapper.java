package io.zoomqos.collector.zoom;

import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Zoom's JSON bodies to our records. Read from the tree rather than bound to DTOs so that every
 * odd value (wrong type, odd unit) degrades to an absent value instead of failing the whole page;
 * unknown fields are ignored, and PII we do not need (IP, MAC, PC name, disk id, e-mail) is never read.
 */
final class QosRecordMapper {

    private final QosValueParser parser;

    QosRecordMapper(QosValueParser parser) {
        this.parser = parser;
    }

    QosPage qosPage(JsonNode root) {
        List<ParticipantQos> participants = new ArrayList<>();
        for (JsonNode p : array(root.get("participants"))) {
            if (p.isObject()) {
                participants.add(participantQos(p));
            }
        }
        return new QosPage(participants, text(root, "next_page_token"), totalRecords(root));
    }

    ParticipantsPage participantsPage(JsonNode root) {
        List<MeetingParticipant> participants = new ArrayList<>();
        for (JsonNode p : array(root.get("participants"))) {
            if (p.isObject()) {
                participants.add(meetingParticipant(p));
            }
        }
        return new ParticipantsPage(participants, text(root, "next_page_token"), totalRecords(root));
    }

    ParticipantQos participantQos(JsonNode p) {
        List<QosMinute> minutes = new ArrayList<>();
        // The legacy API sent one object instead of an array; both are read.
        JsonNode userQos = p.get("user_qos");
        for (JsonNode m : userQos != null && userQos.isObject() ? List.of(userQos) : array(userQos)) {
            QosMinute minute = minute(m);
            if (minute != null) {
                minutes.add(minute);
            }
        }
        return new ParticipantQos(text(p, "user_id"), text(p, "id"), text(p, "user_name"), text(p, "device"),
                text(p, "location"), instant(p, "join_time"), instant(p, "leave_time"), text(p, "version"), minutes);
    }

    /** One page of List meetings; an element without a UUID cannot be keyed and is counted, not returned. */
    LiveMeetingsPage liveMeetingsPage(JsonNode root) {
        List<LiveMeeting> meetings = new ArrayList<>();
        for (JsonNode m : array(root.get("meetings"))) {
            LiveMeeting meeting = meetingItem(m);
            if (meeting != null) {
                meetings.add(meeting);
            }
        }
        return new LiveMeetingsPage(meetings, text(root, "next_page_token"));
    }

    /** One page of List meetings {@code type=past}; an element without a UUID is counted, not returned. */
    PastMeetingsPage pastMeetingsPage(JsonNode root) {
        List<PastMeeting> meetings = new ArrayList<>();
        for (JsonNode m : array(root.get("meetings"))) {
            LiveMeeting meeting = meetingItem(m);
            if (meeting != null) {
                meetings.add(new PastMeeting(meeting.uuid(), meeting.meetingId(), meeting.topic(), meeting.startTime(),
                        instant(m, "end_time")));
            }
        }
        return new PastMeetingsPage(meetings, text(root, "next_page_token"));
    }

    /** The fields live and past items share; null (and counted) without a UUID. */
    private LiveMeeting meetingItem(JsonNode m) {
        String uuid = m.isObject() ? text(m, "uuid") : null;
        if (uuid == null) {
            parser.reportUnparsable("meetings.uuid");
            return null;
        }
        JsonNode id = m.get("id");
        long meetingId = id != null && id.canConvertToLong() ? id.asLong()
                : id != null && id.isString() && id.stringValue().matches("\\d{1,18}") ? Long.parseLong(id.stringValue()) : 0L;
        JsonNode count = m.get("participants");
        return new LiveMeeting(uuid, meetingId, text(m, "topic"), instant(m, "start_time"),
                count != null && count.canConvertToInt() ? count.asInt() : 0);
    }

    /** One page of List meetings. */
    record LiveMeetingsPage(List<LiveMeeting> meetings, String nextPageToken) {
    }

    /** One page of List meetings {@code type=past}. */
    record PastMeetingsPage(List<PastMeeting> meetings, String nextPageToken) {
    }

    MeetingParticipant meetingParticipant(JsonNode p) {
        return new MeetingParticipant(text(p, "user_id"), text(p, "id"), text(p, "user_name"), text(p, "device"),
                text(p, "location"), text(p, "network_type"), instant(p, "join_time"), instant(p, "leave_time"),
                text(p, "status"), text(p, "version"));
    }

    /** Null (and counted) when the minute has no readable {@code date_time}: it could not be stored under a key. */
    QosMinute minute(JsonNode m) {
        if (!m.isObject()) {
            parser.reportUnparsable("user_qos");
            return null;
        }
        Instant at = instant(m, "date_time");
        if (at == null) {
            if (text(m, "date_time") == null) {
                parser.reportUnparsable("date_time"); // a garbage date_time was counted by instant()
            }
            return null;
        }
        Map<StreamKind, StreamMetrics> streams = new EnumMap<>(StreamKind.class);
        for (StreamKind kind : StreamKind.values()) {
            streams.put(kind, parser.stream(m.get(kind.zoomName())));
        }
        return new QosMinute(at, streams, parser.cpu(m.get("cpu_usage")), parser.wifiRssiAvg(m.get("wifi_rssi")));
    }

    private String text(JsonNode node, String field) {
        String s = parser.text(field, node.get(field));
        return s == null || s.isBlank() ? null : s.trim();
    }

    private Instant instant(JsonNode node, String field) {
        return parser.instant(field, parser.text(field, node.get(field)));
    }

    private static long totalRecords(JsonNode root) {
        JsonNode total = root.get("total_records");
        return total != null && total.canConvertToLong() ? total.asLong() : 0L;
    }

    private static Iterable<JsonNode> array(JsonNode node) {
        return node != null && node.isArray() ? node : List.of();
    }

    /** One page of List meeting participants. */
    record ParticipantsPage(List<MeetingParticipant> participants, String nextPageToken, long totalRecords) {

        boolean hasNext() {
            return nextPageToken != null && !nextPageToken.isBlank();
        }
    }
}
