package io.zoomqos.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
            m.put(kind.zoomName(), stream(s.streams().get(kind), !AUDIO.contains(kind), " kbps"));
        }
        m.put("cpu_usage", cpu(s.cpu()));
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

    private static Map<String, Object> cpu(CpuMetrics cpu) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("zoom_min_cpu_usage", percent0(cpu.zoomMinPct()));
        c.put("zoom_avg_cpu_usage", percent0(cpu.zoomAvgPct()));
        c.put("zoom_max_cpu_usage", percent0(cpu.zoomMaxPct()));
        c.put("system_max_cpu_usage", percent0(cpu.systemMaxPct()));
        return c;
    }

    /** {@code bitrateUnit}: the REST API writes {@code "27.15 kbps"}, QSS events {@code "27.15kbps"}. */
    private static Map<String, Object> stream(StreamMetrics s, boolean visual, String bitrateUnit) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean on = s != null && !s.isAbsent();
        m.put("bitrate", on ? String.format(Locale.ROOT, "%.2f", s.bitrateKbps()) + bitrateUnit : "");
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

    /**
     * A QSS {@code meeting.participant_qos} event (docs/zoom-api.md 5.2, fixture
     * {@code meeting.participant_qos.webhook.json}): one participant, one item per stream type
     * (inactive ones as empty strings) and {@code cpu_usage}, all with the same {@code date_time}.
     */
    static String qss(Instant at, SimMeeting m, SimParticipant p, SimSample s) {
        List<Map<String, Object>> qos = new ArrayList<>();
        for (StreamKind kind : StreamKind.values()) {
            qos.add(qosItem(kind.zoomName(), at, stream(s.streams().get(kind), !AUDIO.contains(kind), "kbps")));
        }
        qos.add(qosItem("cpu_usage", at, cpu(s.cpu())));
        Map<String, Object> participant = qssParticipant(p, false);
        participant.put("qos", qos);
        return qssEnvelope("meeting.participant_qos", at, m, participant, false);
    }

    /**
     * A QSS {@code meeting.participant_qos_summary} event when the participant leaves: min, avg and
     * max over the participant's minutes per active stream type (fixture
     * {@code meeting.participant_qos_summary.webhook.json}).
     */
    static String qssSummary(Instant at, SimMeeting m, SimParticipant p, List<SimSample> samples) {
        List<Map<String, Object>> qos = new ArrayList<>();
        for (StreamKind kind : StreamKind.values()) {
            List<StreamMetrics> of = samples.stream().map(x -> x.streams().get(kind))
                    .filter(x -> x != null && !x.isAbsent()).toList();
            if (!of.isEmpty()) {
                qos.add(summaryItem(kind.zoomName(), of, !AUDIO.contains(kind)));
            }
        }
        if (!samples.isEmpty()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("zoom_min_cpu_usage", percent0(stat(samples, x -> x.cpu().zoomMinPct(), Stat.MIN)));
            c.put("zoom_avg_cpu_usage", percent0(stat(samples, x -> x.cpu().zoomAvgPct(), Stat.AVG)));
            c.put("zoom_max_cpu_usage", percent0(stat(samples, x -> x.cpu().zoomMaxPct(), Stat.MAX)));
            c.put("system_max_cpu_usage", percent0(stat(samples, x -> x.cpu().systemMaxPct(), Stat.MAX)));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", "cpu_usage");
            item.put("details", c);
            qos.add(item);
        }
        Map<String, Object> participant = qssParticipant(p, true);
        participant.put("qos", qos);
        return qssEnvelope("meeting.participant_qos_summary", at, m, participant, !m.end().isAfter(at));
    }

    private enum Stat { MIN, AVG, MAX }

    private static <T> @Nullable Double stat(List<T> items, java.util.function.Function<T, Double> value, Stat stat) {
        java.util.DoubleSummaryStatistics st = items.stream().map(value).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).summaryStatistics();
        if (st.getCount() == 0) {
            return null;
        }
        return switch (stat) {
            case MIN -> st.getMin();
            case AVG -> QosGenerator.cents(st.getAverage());
            case MAX -> st.getMax();
        };
    }

    private static Map<String, Object> summaryItem(String type, List<StreamMetrics> of, boolean visual) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (Stat st : Stat.values()) {
            Double v = stat(of, StreamMetrics::bitrateKbps, st);
            d.put(st.name().toLowerCase(Locale.ROOT) + "_bitrate", v == null ? "" : String.format(Locale.ROOT, "%.2fkbps", v));
        }
        for (Stat st : Stat.values()) {
            Double v = stat(of, StreamMetrics::latencyMs, st);
            d.put(st.name().toLowerCase(Locale.ROOT) + "_latency", v == null ? "" : whole(v) + " ms");
        }
        for (Stat st : Stat.values()) {
            Double v = stat(of, StreamMetrics::jitterMs, st);
            d.put(st.name().toLowerCase(Locale.ROOT) + "_jitter", v == null ? "" : whole(v) + " ms");
        }
        Double minLoss = stat(of, StreamMetrics::avgLossPct, Stat.MIN);
        Double avgLoss = stat(of, StreamMetrics::avgLossPct, Stat.AVG);
        Double maxLoss = stat(of, StreamMetrics::maxLossPct, Stat.MAX);
        d.put("min_loss", minLoss == null ? "" : loss(minLoss));
        d.put("avg_loss", avgLoss == null ? "" : loss(avgLoss));
        d.put("max_loss", maxLoss == null ? "" : loss(maxLoss));
        if (visual) {
            StreamMetrics widest = of.stream().filter(x -> x.resolutionWidth() != null)
                    .max(java.util.Comparator.comparing(StreamMetrics::resolutionWidth)).orElse(null);
            d.put("resolution", widest == null ? "" : widest.resolutionWidth() + "*" + widest.resolutionHeight());
            for (Stat st : Stat.values()) {
                Double v = stat(of, StreamMetrics::frameRateFps, st);
                d.put(st.name().toLowerCase(Locale.ROOT) + "_frame_rate", v == null ? "" : whole(v) + " fps");
            }
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", type);
        item.put("details", d);
        return item;
    }

    private static Map<String, Object> qosItem(String type, Instant at, Map<String, Object> details) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", type);
        item.put("date_time", time(at));
        item.put("details", details);
        return item;
    }

    private static Map<String, Object> qssParticipant(SimParticipant p, boolean left) {
        Map<String, Object> participant = new LinkedHashMap<>();
        participant.put("user_id", p.userId());
        participant.put("participant_user_id", p.participantUuid());
        participant.put("user_name", p.userName());
        participant.put("join_time", time(p.join()));
        if (left) {
            participant.put("leave_time", time(p.leave()));
        }
        return participant;
    }

    private static String qssEnvelope(String event, Instant at, SimMeeting m, Map<String, Object> participant,
                                      boolean ended) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", Long.toString(m.meetingId()));
        object.put("uuid", m.uuid());
        object.put("host_id", m.hostId());
        object.put("topic", m.topic());
        object.put("start_time", time(m.start()));
        if (ended) {
            object.put("end_time", time(m.end()));
        }
        object.put("participant", participant);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("account_id", m.accountId());
        payload.put("object", object);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event", event);
        envelope.put("event_ts", at.toEpochMilli());
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
