package io.zoomqos.collector.events.qss;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.zoom.QosValueParser;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads QSS events leniently (their shape is partly known only from third-party consumers,
 * docs/zoom-api.md 5.2): only the meeting UUID and a participant identity are required; every value
 * Zoom sends in an odd form is stored as absent and counted ({@code qos.zoom.unparsable}), a
 * {@code qos[]} item without a readable type or time is skipped and counted
 * ({@code qos.qss.unreadable}). Values are the same strings with units as the REST API's, read
 * by the same {@link QosValueParser}; several events of one minute merge into one sample.
 */
public final class QssParser {

    private static final Map<String, StreamKind> STREAMS = streams();

    private final QosValueParser values;
    private final MeterRegistry meters;

    public QssParser(MeterRegistry meters) {
        this.values = new QosValueParser(meters);
        this.meters = meters;
    }

    /**
     * @throws QssUnreadableException when the event has no meeting UUID, account or participant identity
     */
    public QssEvent parse(JsonNode root) {
        String event = values.text("event", root.get("event"));
        if (!QssEvent.handles(event)) {
            throw unreadable("event", "not a QSS event: " + event);
        }
        boolean summary = QssEvent.QOS_SUMMARY.equals(event);
        JsonNode payload = object(root.get("payload"), "payload");
        String accountId = required(payload, "account_id");
        JsonNode object = object(payload.get("object"), "payload.object");
        String uuid = required(object, "uuid");
        JsonNode participant = object(object.get("participant"), "payload.object.participant");
        String userId = text(participant, "user_id");
        String userName = text(participant, "user_name");
        Instant joinTime = instant(participant, "join_time");
        if (userId == null && userName == null && joinTime == null) {
            throw unreadable("participant", "payload.object.participant has no user_id, user_name or join_time");
        }
        String key = ParticipantInfo.keyFor(userId, userName, null, joinTime);
        ParticipantInfo info = new ParticipantInfo(uuid, key, userId, text(participant, "participant_user_id"),
                userName, null, null, null, joinTime, instant(participant, "leave_time"), null);
        JsonNode qos = participant.get("qos");
        List<QosSample> samples = summary ? List.of() : samples(uuid, key, qos);
        return new QssEvent(summary, eventTs(root), accountId, uuid, meetingId(object.get("id")),
                text(object, "host_id"), text(object, "topic"), instant(object, "start_time"), info, samples,
                summary && qos != null && qos.isArray() ? qos.toString() : null);
    }

    private List<QosSample> samples(String uuid, String key, @Nullable JsonNode qos) {
        if (qos == null || !qos.isArray()) {
            count("qos");
            return List.of();
        }
        // Per minute: the streams and CPU of every item of that minute (first readable value wins).
        Map<Instant, Map<StreamKind, StreamMetrics>> streams = new TreeMap<>();
        Map<Instant, CpuMetrics> cpu = new TreeMap<>();
        for (JsonNode item : qos) {
            if (!item.isObject()) {
                count("qos_item");
                continue;
            }
            String type = text(item, "type");
            Instant at = instant(item, "date_time");
            if (type == null || at == null) {
                count(type == null ? "type" : "date_time");
                continue;
            }
            Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
            JsonNode details = item.get("details");
            if ("cpu_usage".equals(type)) {
                CpuMetrics c = values.cpu(details);
                cpu.merge(minute, c, QssParser::firstCpu);
                streams.computeIfAbsent(minute, m -> new EnumMap<>(StreamKind.class));
                continue;
            }
            StreamKind kind = STREAMS.get(type);
            if (kind == null) {
                count("type"); // e.g. the *_rwg types: not columns of ours
                continue;
            }
            StreamMetrics m = values.stream(details);
            Map<StreamKind, StreamMetrics> ofMinute = streams.computeIfAbsent(minute, x -> new EnumMap<>(StreamKind.class));
            if (!m.isAbsent()) {
                ofMinute.putIfAbsent(kind, m);
            }
        }
        List<QosSample> out = new ArrayList<>(streams.size());
        streams.forEach((minute, s) -> out.add(new QosSample(uuid, key, minute, s, cpu.get(minute))));
        return out;
    }

    private static CpuMetrics firstCpu(CpuMetrics a, CpuMetrics b) {
        return CpuMetrics.ABSENT.equals(a) ? b : a;
    }

    private long eventTs(JsonNode root) {
        JsonNode ts = root.get("event_ts");
        if (ts != null && ts.isIntegralNumber() && ts.canConvertToLong() && ts.longValue() > 0) {
            return ts.longValue();
        }
        if (ts != null && !ts.isNull()) {
            count("event_ts");
        }
        return 0L;
    }

    /** Zoom's webhook types say string, its REST API int64: both are read; anything else is 0 and counted. */
    private long meetingId(@Nullable JsonNode id) {
        if (id == null || id.isNull() || id.isMissingNode()) {
            return 0L;
        }
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return id.longValue();
        }
        if (id.isString() && id.stringValue().trim().matches("\\d{1,18}")) {
            return Long.parseLong(id.stringValue().trim());
        }
        count("id");
        return 0L;
    }

    private JsonNode object(@Nullable JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            throw unreadable(name, name + " must be an object");
        }
        return node;
    }

    private String required(JsonNode node, String field) {
        String s = text(node, field);
        if (s == null) {
            throw unreadable(field, field + " must be a non-empty string");
        }
        return s;
    }

    private @Nullable String text(JsonNode node, String field) {
        String s = values.text(field, node.get(field));
        return s == null || s.isBlank() ? null : s.trim();
    }

    private @Nullable Instant instant(JsonNode node, String field) {
        return values.instant(field, text(node, field));
    }

    private QssUnreadableException unreadable(String what, String message) {
        count(what);
        return new QssUnreadableException(message);
    }

    private void count(String what) {
        Counter.builder("qos.qss.unreadable")
                .description("parts of QSS events that could not be read: whole events (payload, uuid, participant) or qos[] items")
                .tag("what", what)
                .register(meters)
                .increment();
    }

    private static Map<String, StreamKind> streams() {
        Map<String, StreamKind> m = new java.util.HashMap<>();
        for (StreamKind k : StreamKind.values()) {
            m.put(k.zoomName(), k);
        }
        return Map.copyOf(m);
    }
}
