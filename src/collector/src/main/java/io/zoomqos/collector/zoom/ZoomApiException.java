package io.zoomqos.collector.zoom;

/**
 * Every way a Zoom call can fail, as a closed set the caller can switch over. The message holds
 * the endpoint, status, Zoom's error code and Zoom's message; never a token or a participant name.
 * Stack traces are not filled: in reactive code they point into operators, not at the cause.
 */
public abstract sealed class ZoomApiException extends RuntimeException
        permits MeetingNotFoundException, MeetingTooOldException, RateLimitedException, ZoomUnauthorizedException,
        PageTokenExpiredException, ZoomServerException, ZoomTransportException, ZoomRejectedException,
        ZoomBadResponseException {

    private final String endpoint;
    private final int httpStatus;
    private final Integer zoomCode;

    ZoomApiException(String message, String endpoint, int httpStatus, Integer zoomCode, Throwable cause) {
        super("zoom " + endpoint + (httpStatus > 0 ? " status=" + httpStatus : "")
                + (zoomCode != null ? " code=" + zoomCode : "") + ": " + message, cause, false, false);
        this.endpoint = endpoint;
        this.httpStatus = httpStatus;
        this.zoomCode = zoomCode;
    }

    /** Which call failed, as in the {@code endpoint} tag of {@code qos.zoom.requests}. */
    public String endpoint() {
        return endpoint;
    }

    /** The HTTP status, 0 when no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Zoom's {@code code} from the error body, null when there was none. */
    public Integer zoomCode() {
        return zoomCode;
    }

    /** The {@code outcome} tag of {@code qos.zoom.requests} for this failure. */
    public abstract String outcome();

    /** True when the client itself retries this failure (with backoff, through the budget again). */
    public boolean retryable() {
        return false;
    }
}
