package io.zoomqos.collector.zoom;

/** A 2xx whose body is not the JSON we expect, or a body larger than the configured limit. */
public final class ZoomBadResponseException extends ZoomApiException {

    ZoomBadResponseException(String message, String endpoint, int httpStatus, Integer zoomCode, Throwable cause) {
        super(message, endpoint, httpStatus, zoomCode, cause);
    }

    @Override
    public String outcome() {
        return "bad_response";
    }
}
