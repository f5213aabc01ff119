package io.zoomqos.collector.zoom;

/** 400 with Zoom code 12702: the meeting is more than a year old; asking again will not help. */
public final class MeetingTooOldException extends ZoomApiException {

    MeetingTooOldException(String message, String endpoint, int httpStatus, Integer zoomCode, Throwable cause) {
        super(message, endpoint, httpStatus, zoomCode, cause);
    }

    @Override
    public String outcome() {
        return "too_old";
    }
}
