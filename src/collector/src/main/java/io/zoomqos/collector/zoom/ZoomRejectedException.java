package io.zoomqos.collector.zoom;

/** Any other 4xx: the request itself is wrong (scope missing, bad parameter); not retried. */
public final class ZoomRejectedException extends ZoomApiException {

    ZoomRejectedException(String message, String endpoint, int httpStatus, Integer zoomCode, Throwable cause) {
        super(message, endpoint, httpStatus, zoomCode, cause);
    }

    @Override
    public String outcome() {
        return "rejected";
    }
}
