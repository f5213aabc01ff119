package io.zoomqos.collector.zoom;

/** 404 (Zoom code 3001): meeting id invalid, no data yet, or for {@code type=past} the meeting has not ended yet. Worth asking again later for a meeting we know exists. */
public final class MeetingNotFoundException extends ZoomApiException {

    MeetingNotFoundException(String message, String endpoint, int httpStatus, Integer zoomCode, Throwable cause) {
        super(message, endpoint, httpStatus, zoomCode, cause);
    }

    @Override
    public String outcome() {
        return "not_found";
    }
}
