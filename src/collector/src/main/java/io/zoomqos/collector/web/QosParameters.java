package io.zoomqos.collector.web;

import io.zoomqos.collector.store.MeetingState;
import io.zoomqos.collector.store.SampleCursor;
import io.zoomqos.collector.store.SampleQuery;
import io.zoomqos.collector.store.SampleReader;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Parsing and checking of the read API's parameters; every refusal is a 400 problem naming the parameter. */
final class QosParameters {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");
    static final URI UNKNOWN_MEETING = URI.create("urn:zoom-qos:problem:unknown-meeting");

    private QosParameters() {
    }

    /** Completes empty when the meeting exists, else fails with a 404 problem. */
    static Mono<Void> known(SampleReader reader, String uuid) {
        return reader.meetingExists(uuid).flatMap(exists -> exists ? Mono.<Void>empty() : Mono.error(() -> {
            ErrorResponseException e = ApiProblems.problem(HttpStatus.NOT_FOUND, "Unknown meeting", "no meeting with this uuid",
                    UNKNOWN_MEETING);
            e.getBody().setProperty("meetingUuid", uuid);
            return e;
        }));
    }

    /** {@code format} wins over {@code Accept}; JSON unless one of them asks for CSV. */
    static boolean wantsCsv(@Nullable String format, @Nullable String accept) {
        if (format != null) {
            return switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw badRequest("format", "format must be json or csv");
            };
        }
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(TEXT_CSV::equalsTypeAndSubtype);
        } catch (IllegalArgumentException e) {
            throw badRequest("Accept", "unreadable Accept header");
        }
    }

    static SampleQuery query(String uuid, @Nullable String participant, @Nullable String from, @Nullable String to,
                             @Nullable String limit, @Nullable String after) {
        SampleQuery q = new SampleQuery(uuid, participant == null || participant.isBlank() ? null : participant,
                instant("from", from), instant("to", to), cursor(after), limit(limit));
        if (q.from() != null && q.to() != null && q.from().isAfter(q.to())) {
            throw badRequest("from", "from must not be after to");
        }
        return q;
    }

    private static @Nullable Instant instant(String name, @Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw badRequest(name, name + " must be an ISO-8601 timestamp with offset, e.g. 2026-11-25T10:00:00Z");
        }
    }

    private static int limit(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // same answer as an out-of-range number
        }
        throw badRequest("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
    }

    private static @Nullable SampleCursor cursor(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return SampleCursor.decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw badRequest("after", "after must be the next cursor of a previous page");
        }
    }

    static ErrorResponseException badRequest(String parameter, String detail) {
        return ApiProblems.badRequest(parameter, detail);
    }

    /** {@code state} of the meeting list: blank or absent means every state. */
    static @Nullable MeetingState state(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MeetingState.parse(text);
        } catch (IllegalArgumentException e) {
            throw badRequest("state", e.getMessage());
        }
    }

    /** {@code limit} of the meeting list, with its own wording (kept from the first version of the API). */
    static int meetingLimit(@Nullable String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw badRequest("limit", "limit must be a number between 1 and " + MAX_LIMIT + ", was '" + value + "'");
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw badRequest("limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + n);
        }
        return n;
    }
}
