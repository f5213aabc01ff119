package io.zoomqos.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders simulated data in Zoom's JSON shapes (see fixtures/zoom): every metric a string with
 * its unit ({@code "27.15 kbps"}, {@code "126 ms"}, {@code "0.1%"}, {@code "1280*720"},
 * {@code "24 fps"}, CPU {@code "9%"}), inactive streams as objects of empty strings.
 */
final class ZoomRenderer {

    private static final List<StreamKind> AUDIO = List.of(StreamKind.AUDIO_INPUT, StreamKind.AUDIO_OUTPUT);

    private ZoomRenderer() {
    }

    /** One element of {@code participants} of the QoS endpoints. */
    static Map<String, Object> participantQos(SimParticipant p, Instant now, List<SimSample> samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.participantUuid());
        m.put("user_id", p.userId());
        m.put("user_name", p.userName());
        m.put("device", p.device());
        m.put("ip_address", p.ipAddress());
        m.put("internal_ip_addresses", p.internalIpAddresses());
        m.put("location", p.location());
        m.put("join_time", time(p.join()));
        if (!p.leave().isAfter(now)) {
            // Still in the meeting: no leave time yet (live only).
            m.put("leave_time", time(p.leave()));
        }
        m.put("pc_name", p.pcName());
        m.put("domain", p.domain());
        m.put("mac_addr", p.macAddr());
        m.put("harddisk_id", p.harddiskId());
        m.put("version", p.version());
        m.put("user_qos", samples.stream().map(ZoomRenderer::sample).toList());
        return m;
    }

    static Map<String, Object> sample(SimSample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date_time", time(s.minute()));
        for (StreamKind kind : StreamKind.values()) {
            m.put(kind.zoomName(), stream(s.streams().get(kind), !AUDIO.contains(kind)));
        }
        CpuMetrics cpu = s.cpu();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("zoom_min_cpu_usage", percent0(cpu.zoomMinPct()));
        c.put("zoom_avg_cpu_usage", percent0(cpu.zoomAvgPct()));
        c.put("zoom_max_cpu_usage", percent0(cpu.zoomMaxPct()));
        c.put("system_max_cpu_usage", percent0(cpu.systemMaxPct()));
        m.put("cpu_usage", c);
        if (s.wifiRssi() != null) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("max_rssi", s.wifiRssi()[0]);
            w.put("avg_rssi", s.wifiRssi()[1]);
            w.put("min_rssi", s.wifiRssi()[2]);
            w.put("rssi_unit", "dBm");
            m.put("wifi_rssi", w);
        }
        return m;
    }

    private static Map<String, Object> stream(StreamMetrics s, boolean visual) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean on = s != null && !s.isAbsent();
        m.put("bitrate", on ? String.format(Locale.ROOT, "%.2f kbps", s.bitrateKbps()) : "");
        m.put("latency", on ? whole(s.latencyMs()) + " ms" : "");
        m.put("jitter", on ? whole(s.jitterMs()) + " ms" : "");
        m.put("avg_loss", on ? loss(s.avgLossPct()) : "");
        m.put("max_loss", on ? loss(s.maxLossPct()) : "");
        if (visual) {
            m.put("resolution", on && s.resolutionWidth() != null ? s.resolutionWidth() + "*" + s.resolutionHeight() : "");
            m.put("frame_rate", on && s.frameRateFps() != null ? whole(s.frameRateFps()) + " fps" : "");
        }
        return m;
    }

    /** {@code "0.1%"} when one decimal says it all, {@code "0.03%"} otherwise, as in Zoom's examples. */
    static String loss(double pct) {
        long hundredths = Math.round(pct * 100);
        return hundredths % 10 == 0 ? String.format(Locale.ROOT, "%.1f%%", pct) : String.format(Locale.ROOT, "%.2f%%", pct);
    }

    private static String percent0(Double v) {
        return v == null ? "" : whole(v) + "%";
    }

    private static long whole(double v) {
        return Math.round(v);
    }

    /** One element of {@code participants} of {@code GET /metrics/meetings/{id}/participants}. */
    static Map<String, Object> participant(SimMeeting meeting, SimParticipant p, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.participantUuid());
        m.put("user_id", p.userId());
        m.put("participant_user_id", p.participantUuid());
        m.put("user_name", p.userName());
        m.put("email", p.email());
        m.put("device", p.device());
        m.put("ip_address", p.ipAddress());
        m.put("location", p.location());
        m.put("network_type", p.networkType());
        m.put("data_center", p.dataCenter());
        m.put("connection_type", "UDP");
        m.put("join_time", time(p.join()));
        boolean left = !p.leave().isAfter(now);
        if (left) {
            m.put("leave_time", time(p.leave()));
            m.put("leave_reason", p.leftEarly() ? "left the meeting" : "the host ended the meeting");
        }
        m.put("status", left ? "" : "in_meeting");
        m.put("role", p.index() == 0 ? "host" : "attendee");
        m.put("version", p.version());
        return m;
    }

    /** Zoom's envelope: {@code {"event","event_ts","payload":{"account_id","object":{...}}}}. */
    static String webhook(String event, Instant eventTs, SimMeeting m, SimParticipant p, boolean ended) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", Long.toString(m.meetingId()));
        object.put("uuid", m.uuid());
        object.put("host_id", m.hostId());
        object.put("topic", m.topic());
        object.put("type", m.type());
        object.put("start_time", time(m.start()));
        object.put("timezone", m.timezone());
        object.put("duration", m.plannedMinutes());
        if (ended) {
            object.put("end_time", time(m.end()));
        }
        if (p != null) {
            Map<String, Object> participant = new LinkedHashMap<>();
            participant.put("user_id", p.userId());
            participant.put("user_name", p.userName());
            participant.put("id", p.participantUuid());
            participant.put("participant_uuid", p.participantUuid());
            if (event.equals("meeting.participant_joined")) {
                participant.put("join_time", time(p.join()));
            } else {
                participant.put("leave_time", time(p.leave()));
                participant.put("leave_reason", p.leftEarly() ? "left the meeting" : "the host ended the meeting");
            }
            participant.put("email", p.email());
            participant.put("participant_user_id", p.participantUuid());
            object.put("participant", participant);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("account_id", m.accountId());
        payload.put("object", object);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event", event);
        envelope.put("event_ts", eventTs.toEpochMilli());
        envelope.put("payload", payload);
        return Json.write(envelope);
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String error(int code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        return Json.write(m);
    }
}
