package io.zoomqos.collector.zoom;

import io.zoomqos.collector.ratelimit.RateLimitSignal;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what a Zoom response means: the rate-limit signal for the budget, and the typed failure
 * for anything but 2xx. Zoom's headers are not always present (docs/zoom-api.md#rate-limits), so
 * the body text decides when they are missing.
 */
final class ZoomResponseClassifier {

    static final String RATE_LIMIT_REMAINING = "X-RateLimit-Remaining";
    static final String RATE_LIMIT_TYPE = "X-RateLimit-Type";
    static final String RETRY_AFTER = "Retry-After";

    /** Zoom's code for a rejected {@code next_page_token}. */
    static final int CODE_PAGE_TOKEN = 300;
    static final int CODE_MEETING_NOT_FOUND = 3001;
    static final int CODE_TOO_OLD = 12702;

    private final JsonMapper json;

    ZoomResponseClassifier(JsonMapper json) {
        this.json = json;
    }

    /** What the budget must hear about this response: every response is reported, 429 or not. */
    RateLimitSignal signal(ZoomResponse r, Instant now) {
        Long remaining = remaining(r.headers().getFirst(RATE_LIMIT_REMAINING));
        if (r.status() != 429) {
            return RateLimitSignal.answered(remaining, now);
        }
        RateLimitSignal.Kind kind = limit(r) == RateLimitedException.Limit.DAILY
                ? RateLimitSignal.Kind.DAILY_EXCEEDED : RateLimitSignal.Kind.PER_SECOND_EXCEEDED;
        return new RateLimitSignal(kind, retryAfter(r.headers().getFirst(RETRY_AFTER), now), remaining, now);
    }

    /** Null for a 2xx, else the failure it stands for. */
    ZoomApiException error(String endpoint, ZoomResponse r, Instant now) {
        if (r.successful()) {
            return null;
        }
        ZoomError e = zoomError(r.body());
        int status = r.status();
        if (status == 429) {
            return new RateLimitedException(e.message(), endpoint, e.code(), limit(r),
                    retryAfter(r.headers().getFirst(RETRY_AFTER), now));
        }
        if (status == 401) {
            return new ZoomUnauthorizedException(e.message(), endpoint, status, e.code(), null);
        }
        if (status >= 400 && status < 500 && isPageTokenRejection(e)) {
            return new PageTokenExpiredException(e.message(), endpoint, status, e.code(), null);
        }
        if (status == 404) {
            return new MeetingNotFoundException(e.message(), endpoint, status, e.code(), null);
        }
        if (e.code() != null && e.code() == CODE_TOO_OLD) {
            return new MeetingTooOldException(e.message(), endpoint, status, e.code(), null);
        }
        if (status >= 500) {
            return new ZoomServerException(e.message(), endpoint, status, e.code(), null);
        }
        return new ZoomRejectedException(e.message(), endpoint, status, e.code(), null);
    }

    /** The body of a 2xx as JSON. */
    JsonNode body(String endpoint, ZoomResponse r) {
        try {
            JsonNode node = json.readTree(r.body());
            if (node == null || !node.isObject()) {
                throw new ZoomBadResponseException("body is not a JSON object", endpoint, r.status(), null, null);
            }
            return node;
        } catch (JacksonException ex) {
            throw new ZoomBadResponseException("body is not JSON: " + ex.getOriginalMessage(), endpoint, r.status(),
                    null, null);
        }
    }

    /**
     * Per-second or daily: {@code X-RateLimit-Type} ({@code QPS} / {@code Daily-limit}) when present,
     * else the message text. With neither, per-second: the short pause is the cheaper mistake, and a
     * daily limit answers again with the next request.
     */
    static RateLimitedException.Limit limit(ZoomResponse r) {
        String type = r.headers().getFirst(RATE_LIMIT_TYPE);
        if (type != null && !type.isBlank()) {
            String t = type.toLowerCase(Locale.ROOT);
            if (t.contains("daily")) {
                return RateLimitedException.Limit.DAILY;
            }
            if (t.contains("qps") || t.contains("second")) {
                return RateLimitedException.Limit.PER_SECOND;
            }
        }
        String body = r.body() == null ? "" : r.body().toLowerCase(Locale.ROOT);
        if (body.contains("per-second") || body.contains("per second")) {
            return RateLimitedException.Limit.PER_SECOND;
        }
        if (body.contains("daily")) {
            return RateLimitedException.Limit.DAILY;
        }
        return RateLimitedException.Limit.PER_SECOND;
    }

    /** ISO-8601 instant (Zoom's daily 429s), whole seconds from now, or an HTTP date; null otherwise. */
    static Instant retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        if (h.chars().allMatch(Character::isDigit) && h.length() <= 9) {
            return now.plusSeconds(Long.parseLong(h));
        }
        try {
            return Instant.parse(h);
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Long remaining(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(header.trim());
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isPageTokenRejection(ZoomError e) {
        if (e.code() != null && e.code() == CODE_PAGE_TOKEN) {
            return true;
        }
        String m = e.message().toLowerCase(Locale.ROOT);
        return m.contains("next page token") || m.contains("next_page_token");
    }

    /** Zoom's error envelope {@code {"code": int, "message": text}}; tolerant of any other body. */
    private ZoomError zoomError(String body) {
        if (body == null || body.isBlank()) {
            return new ZoomError(null, "(empty body)");
        }
        try {
            JsonNode node = json.readTree(body);
            JsonNode code = node.get("code");
            JsonNode message = node.get("message");
            return new ZoomError(code != null && code.canConvertToInt() ? code.asInt() : null,
                    message != null && message.isString() ? message.stringValue() : "(no message)");
        } catch (JacksonException e) {
            return new ZoomError(null, "(body is not JSON)");
        }
    }

    record ZoomError(Integer code, String message) {
    }
}
