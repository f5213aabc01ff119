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
 *
 * <p>Every string we store is bounded in length here, well inside what its column and index
 * accept (a btree entry holds at most about 2,700 bytes): one oversized value is refused as
 * this event's fault (400) instead of failing in the database, where it would cost its group
 * commit a round of isolation.
 */
final class WebhookParser {

    /** Zoom's ids (account, meeting UUID, host, participant) are a few dozen characters; this leaves room for encodings. */
    static final int MAX_ID_LENGTH = 256;
    /** Zoom caps topics at 200 characters. */
    static final int MAX_TOPIC_LENGTH = 2_000;
    static final int MAX_EVENT_NAME_LENGTH = 128;
    static final int MAX_PLAIN_TOKEN_LENGTH = 512;
    static final int MAX_TIME_LENGTH = 64;

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
        return requiredString(root, "event", "event", MAX_EVENT_NAME_LENGTH);
    }

    static String accountId(JsonNode root) {
        return requiredString(payload(root), "account_id", "payload.account_id", MAX_ID_LENGTH);
    }

    static String plainToken(JsonNode root) {
        return requiredString(payload(root), "plainToken", "payload.plainToken", MAX_PLAIN_TOKEN_LENGTH);
    }

    static WebhookEvent meetingEvent(WebhookEvent.Kind kind, JsonNode root, byte[] body) {
        JsonNode eventTs = root.path("event_ts");
        if (!eventTs.isIntegralNumber() || !eventTs.canConvertToLong() || eventTs.longValue() <= 0) {
            throw new BadWebhookException("event_ts must be a positive integer (ms since epoch)");
        }
        JsonNode payload = payload(root);
        String accountId = requiredString(payload, "account_id", "payload.account_id", MAX_ID_LENGTH);
        JsonNode object = payload.path("object");
        if (!object.isObject()) {
            throw new BadWebhookException("payload.object must be an object");
        }
        String uuid = requiredString(object, "uuid", "payload.object.uuid", MAX_ID_LENGTH);
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
                optionalString(object, "host_id", MAX_ID_LENGTH), optionalString(object, "topic", MAX_TOPIC_LENGTH),
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
                return c[1] + bounded(v.stringValue().trim(), "payload.object.participant." + c[0], MAX_ID_LENGTH);
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

    private static String requiredString(JsonNode node, String field, String name, int maxLength) {
        JsonNode v = node.path(field);
        if (!v.isString() || v.stringValue().isBlank()) {
            throw new BadWebhookException(name + " must be a non-empty string");
        }
        return bounded(v.stringValue(), name, maxLength);
    }

    private static String optionalString(JsonNode node, String field, int maxLength) {
        JsonNode v = node.path(field);
        if (absent(v)) {
            return null;
        }
        if (!v.isString()) {
            throw new BadWebhookException("payload.object." + field + " must be a string");
        }
        return bounded(v.stringValue(), "payload.object." + field, maxLength);
    }

    private static String bounded(String value, String name, int maxLength) {
        if (value.length() > maxLength) {
            throw new BadWebhookException(name + " is " + value.length() + " characters long, more than the "
                    + maxLength + " accepted");
        }
        return value;
    }

    private static Instant time(JsonNode v, String name) {
        if (absent(v) || (v.isString() && v.stringValue().isBlank())) {
            return null;
        }
        if (!v.isString()) {
            throw new BadWebhookException(name + " must be an ISO-8601 time string");
        }
        bounded(v.stringValue(), name, MAX_TIME_LENGTH);
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
