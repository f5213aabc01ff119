package io.zoomqos.collector.store;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/** Parsing and checking of the read API's parameters; every refusal is a 400 problem naming the parameter. */
final class QosParameters {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    private QosParameters() {
    }

    /** Completes empty when the meeting exists, else fails with a 404 problem. */
    static Mono<Void> known(SampleReader reader, String uuid) {
        return reader.meetingExists(uuid).flatMap(exists -> exists ? Mono.<Void>empty() : Mono.error(() -> {
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no meeting with this uuid");
            pd.setTitle("Unknown meeting");
            pd.setType(URI.create("urn:zoom-qos:problem:unknown-meeting"));
            pd.setProperty("meetingUuid", uuid);
            return new ErrorResponseException(HttpStatus.NOT_FOUND, pd, null);
        }));
    }

    /** {@code format} wins over {@code Accept}; JSON unless one of them asks for CSV. */
    static boolean wantsCsv(String format, String accept) {
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

    static SampleQuery query(String uuid, String participant, String from, String to, String limit, String after) {
        SampleQuery q = new SampleQuery(uuid, participant == null || participant.isBlank() ? null : participant,
                instant("from", from), instant("to", to), cursor(after), limit(limit));
        if (q.from() != null && q.to() != null && q.from().isAfter(q.to())) {
            throw badRequest("from", "from must not be after to");
        }
        return q;
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw badRequest(name, name + " must be an ISO-8601 timestamp with offset, e.g. 2026-11-25T10:00:00Z");
        }
    }

    private static int limit(String text) {
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

    private static SampleCursor cursor(String text) {
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
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        pd.setTitle("Bad request parameter");
        pd.setProperty("parameter", parameter);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, pd, null);
    }
}
