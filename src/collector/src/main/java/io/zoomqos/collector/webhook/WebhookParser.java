package io.zoomqos.collector.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Zoom's webhook JSON strictly: every field we use must have the type Zoom documents,
 * anything else is a {@link BadWebhookException}, so nothing half-understood is stored.
 */
final class WebhookParser {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private WebhookParser() {
    }

    static JsonNode tree(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new BadWebhookException("body must be a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new BadWebhookException("malformed JSON");
        }
    }

    static String eventName(JsonNode root) {
        return requiredString(root, "event", "event");
    }

    static String accountId(JsonNode root) {
        return requiredString(payload(root), "account_id", "payload.account_id");
    }

    static String plainToken(JsonNode root) {
        return requiredString(payload(root), "plainToken", "payload.plainToken");
    }

    static WebhookEvent meetingEvent(WebhookEvent.Kind kind, JsonNode root, byte[] body) {
        JsonNode eventTs = root.path("event_ts");
        if (!eventTs.isIntegralNumber() || !eventTs.canConvertToLong() || eventTs.longValue() <= 0) {
            throw new BadWebhookException("event_ts must be a positive integer (ms since epoch)");
        }
        JsonNode payload = payload(root);
        String accountId = requiredString(payload, "account_id", "payload.account_id");
        JsonNode object = payload.path("object");
        if (!object.isObject()) {
            throw new BadWebhookException("payload.object must be an object");
        }
        String uuid = requiredString(object, "uuid", "payload.object.uuid");
        Long meetingId = meetingId(object.path("id"));
        if (meetingId == null && !kind.participant()) {
            throw new BadWebhookException("payload.object.id is required for " + kind.zoomName);
        }
        JsonNode type = object.path("type");
        if (!absent(type) && !type.isInt()) {
            throw new BadWebhookException("payload.object.type must be an integer");
        }
        Instant startTime = time(object.path("start_time"), "payload.object.start_time");
        Instant endTime = kind == WebhookEvent.Kind.ENDED ? time(object.path("end_time"), "payload.object.end_time") : null;
        String participantKey = kind.participant() ? participantKey(object.path("participant")) : null;
        return new WebhookEvent(kind, eventTs.longValue(), accountId, uuid, meetingId == null ? 0L : meetingId,
                optionalString(object, "host_id"), optionalString(object, "topic"),
                absent(type) ? null : type.intValue(), startTime, endTime, participantKey,
                new String(body, StandardCharsets.UTF_8));
    }

    /** Zoom's webhook types say string, its REST API says int64: accept both, as long as it is a number. */
    private static Long meetingId(JsonNode id) {
        if (absent(id)) {
            return null;
        }
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return id.longValue();
        }
        if (id.isString() && id.stringValue().matches("\\d{1,18}")) {
            return Long.parseLong(id.stringValue());
        }
        throw new BadWebhookException("payload.object.id must be a numeric meeting ID");
    }

    /**
     * The participant's stable key within the meeting: {@code user_id} (what QoS records carry),
     * else Zoom's participant UUID, else its user id; guests may have none of these.
     */
    private static String participantKey(JsonNode participant) {
        if (!participant.isObject()) {
            throw new BadWebhookException("payload.object.participant must be an object");
        }
        String[][] candidates = {{"user_id", "u:"}, {"participant_uuid", "p:"}, {"id", "i:"}, {"participant_user_id", "i:"}};
        for (String[] c : candidates) {
            JsonNode v = participant.path(c[0]);
            if (v.isString() && !v.stringValue().isBlank()) {
                return c[1] + v.stringValue().trim();
            }
            if (v.isIntegralNumber()) {
                return c[1] + v.asString();
            }
            if (!absent(v) && !v.isString()) {
                throw new BadWebhookException("payload.object.participant." + c[0] + " must be a string");
            }
        }
        throw new BadWebhookException("payload.object.participant has no user_id, participant_uuid or id");
    }

    private static JsonNode payload(JsonNode root) {
        JsonNode payload = root.path("payload");
        if (!payload.isObject()) {
            throw new BadWebhookException("payload must be an object");
        }
        return payload;
    }

    private static String requiredString(JsonNode node, String field, String name) {
        JsonNode v = node.path(field);
        if (!v.isString() || v.stringValue().isBlank()) {
            throw new BadWebhookException(name + " must be a non-empty string");
        }
        return v.stringValue();
    }

    private static String optionalString(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (absent(v)) {
            return null;
        }
        if (!v.isString()) {
            throw new BadWebhookException("payload.object." + field + " must be a string");
        }
        return v.stringValue();
    }

    private static Instant time(JsonNode v, String name) {
        if (absent(v) || (v.isString() && v.stringValue().isBlank())) {
            return null;
        }
        if (!v.isString()) {
            throw new BadWebhookException(name + " must be an ISO-8601 time string");
        }
        try {
            return OffsetDateTime.parse(v.stringValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadWebhookException(name + " must be an ISO-8601 time, was '" + v.stringValue() + "'");
        }
    }

    private static boolean absent(JsonNode v) {
        return v.isMissingNode() || v.isNull();
    }
}
