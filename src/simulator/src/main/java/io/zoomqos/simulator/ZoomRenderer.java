package io.zoomqos.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
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
            m.put(kind.zoomName(), minute(s.streams().get(kind), kind, " kbps"));
        }
        m.put("cpu_usage", cpu(c -> c.value().apply(s.cpu())));
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

    // ---------------------------------------------------------------- streams

    private enum Stat { MIN, AVG, MAX }

    /**
     * The numbers of a stream in Zoom's order: the one table both a minute ({@link #minute}) and
     * a QSS summary ({@link #summary}) render. A minute shows each measure's value; a summary its
     * min, avg and max over the minutes, named {@code min_bitrate}, {@code avg_bitrate}, ...
     */
    private enum Measure {
        BITRATE("bitrate", StreamMetrics::bitrateKbps),
        LATENCY("latency", StreamMetrics::latencyMs),
        JITTER("jitter", StreamMetrics::jitterMs),
        /**
         * A minute has an average and a peak loss and shows both ({@code avg_loss}, {@code max_loss});
         * a summary's min and avg are over the averages, its max over the peaks.
         */
        LOSS("loss", StreamMetrics::avgLossPct),
        /** Video and share only: {@code "1280*720"}; a summary shows its widest minute's, once. */
        RESOLUTION("resolution", s -> null),
        /** Video and share only. */
        FRAME_RATE("frame_rate", StreamMetrics::frameRateFps);

        private final String key;
        private final Function<StreamMetrics, @Nullable Double> typical;

        Measure(String key, Function<StreamMetrics, @Nullable Double> typical) {
            this.key = key;
            this.typical = typical;
        }

        /** The value a summary's max is taken over: the peak loss; for the others the same as the typical value. */
        @Nullable Double peak(StreamMetrics s) {
            return this == LOSS ? s.maxLossPct() : typical.apply(s);
        }

        /** The value a summary's {@code stat} is taken over. */
        @Nullable Double value(StreamMetrics s, Stat stat) {
            return stat == Stat.MAX ? peak(s) : typical.apply(s);
        }

        /** How Zoom writes the value; {@code bitrateUnit}: the REST API writes {@code "27.15 kbps"}, QSS {@code "27.15kbps"}. */
        String text(@Nullable Double v, String bitrateUnit) {
            if (v == null) {
                return "";
            }
            return switch (this) {
                case BITRATE -> String.format(Locale.ROOT, "%.2f", v) + bitrateUnit;
                case LATENCY, JITTER -> whole(v) + " ms";
                case LOSS -> loss(v);
                case FRAME_RATE -> whole(v) + " fps";
                case RESOLUTION -> throw new IllegalStateException("a resolution is two numbers");
            };
        }

        /** The measures Zoom shows for this kind of stream: audio has no picture. */
        static List<Measure> shownFor(StreamKind kind) {
            return AUDIO.contains(kind) ? List.of(BITRATE, LATENCY, JITTER, LOSS) : List.of(values());
        }
    }

    /** One stream of one minute; an absent (or missing) stream as empty strings. */
    private static Map<String, Object> minute(@Nullable StreamMetrics s, StreamKind kind, String bitrateUnit) {
        StreamMetrics on = s != null && !s.isAbsent() ? s : null;
        Map<String, Object> d = new LinkedHashMap<>();
        for (Measure x : Measure.shownFor(kind)) {
            switch (x) {
                case RESOLUTION -> d.put(x.key, resolution(on));
                case LOSS -> {
                    d.put("avg_" + x.key, x.text(on == null ? null : x.typical.apply(on), bitrateUnit));
                    d.put("max_" + x.key, x.text(on == null ? null : x.peak(on), bitrateUnit));
                }
                default -> d.put(x.key, x.text(on == null ? null : x.typical.apply(on), bitrateUnit));
            }
        }
        return d;
    }

    /** One stream over a participant's minutes ({@code of}: those where it was active, at least one). */
    private static Map<String, Object> summary(List<StreamMetrics> of, StreamKind kind) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (Measure x : Measure.shownFor(kind)) {
            if (x == Measure.RESOLUTION) {
                d.put(x.key, resolution(of.stream().filter(m -> m.resolutionWidth() != null)
                        .max(Comparator.comparing(StreamMetrics::resolutionWidth)).orElse(null)));
                continue;
            }
            for (Stat st : Stat.values()) {
                d.put(st.name().toLowerCase(Locale.ROOT) + "_" + x.key, x.text(stat(of, m -> x.value(m, st), st), "kbps"));
            }
        }
        return d;
    }

    private static String resolution(@Nullable StreamMetrics s) {
        return s == null || s.resolutionWidth() == null ? "" : s.resolutionWidth() + "*" + s.resolutionHeight();
    }

    /** The CPU figures of a minute, and which statistic a summary takes of each. */
    private record CpuColumn(String key, Function<CpuMetrics, @Nullable Double> value, Stat summary) {
    }

    private static final List<CpuColumn> CPU = List.of(
            new CpuColumn("zoom_min_cpu_usage", CpuMetrics::zoomMinPct, Stat.MIN),
            new CpuColumn("zoom_avg_cpu_usage", CpuMetrics::zoomAvgPct, Stat.AVG),
            new CpuColumn("zoom_max_cpu_usage", CpuMetrics::zoomMaxPct, Stat.MAX),
            new CpuColumn("system_max_cpu_usage", CpuMetrics::systemMaxPct, Stat.MAX));

    /** {@code cpu_usage}: each column's value as {@code "9%"}. */
    private static Map<String, Object> cpu(Function<CpuColumn, @Nullable Double> value) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (CpuColumn column : CPU) {
            c.put(column.key(), percent0(value.apply(column)));
        }
        return c;
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

    /** A lifecycle webhook ({@code meeting.started}, {@code meeting.participant_joined}, ...). */
    static String webhook(String event, Instant eventTs, SimMeeting m, @Nullable SimParticipant p, boolean ended) {
        Map<String, Object> object = meetingObject(m, true, ended);
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
        return envelope(event, eventTs, m, object);
    }

    /**
     * A QSS {@code meeting.participant_qos} event (docs/zoom-api.md 5.2, fixture
     * {@code meeting.participant_qos.webhook.json}): one participant, one item per stream type
     * (inactive ones as empty strings) and {@code cpu_usage}, all with the same {@code date_time}.
     */
    static String qss(Instant at, SimMeeting m, SimParticipant p, SimSample s) {
        List<Map<String, Object>> qos = new ArrayList<>();
        for (StreamKind kind : StreamKind.values()) {
            qos.add(qosItem(kind.zoomName(), at, minute(s.streams().get(kind), kind, "kbps")));
        }
        qos.add(qosItem("cpu_usage", at, cpu(c -> c.value().apply(s.cpu()))));
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
                qos.add(qosItem(kind.zoomName(), null, summary(of, kind)));
            }
        }
        if (!samples.isEmpty()) {
            qos.add(qosItem("cpu_usage", null, cpu(c -> stat(samples, x -> c.value().apply(x.cpu()), c.summary()))));
        }
        Map<String, Object> participant = qssParticipant(p, true);
        participant.put("qos", qos);
        return qssEnvelope("meeting.participant_qos_summary", at, m, participant, !m.end().isAfter(at));
    }

    private static <T> @Nullable Double stat(List<T> items, Function<T, @Nullable Double> value, Stat stat) {
        DoubleSummaryStatistics st = items.stream().map(value).filter(Objects::nonNull)
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

    /** An item of a QSS {@code qos} array; a summary's items have no {@code date_time}. */
    private static Map<String, Object> qosItem(String type, @Nullable Instant at, Map<String, Object> details) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", type);
        if (at != null) {
            item.put("date_time", time(at));
        }
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
        Map<String, Object> object = meetingObject(m, false, ended);
        object.put("participant", participant);
        return envelope(event, at, m, object);
    }

    /**
     * The {@code object} of an event: the meeting; lifecycle webhooks also carry its schedule
     * ({@code type}, {@code timezone}, {@code duration}); {@code end_time} once it ended.
     */
    private static Map<String, Object> meetingObject(SimMeeting m, boolean schedule, boolean ended) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", Long.toString(m.meetingId()));
        object.put("uuid", m.uuid());
        object.put("host_id", m.hostId());
        object.put("topic", m.topic());
        if (schedule) {
            object.put("type", m.type());
        }
        object.put("start_time", time(m.start()));
        if (schedule) {
            object.put("timezone", m.timezone());
            object.put("duration", m.plannedMinutes());
        }
        if (ended) {
            object.put("end_time", time(m.end()));
        }
        return object;
    }

    /** Zoom's envelope: {@code {"event","event_ts","payload":{"account_id","object":{...}}}}. */
    private static String envelope(String event, Instant at, SimMeeting m, Map<String, Object> object) {
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
