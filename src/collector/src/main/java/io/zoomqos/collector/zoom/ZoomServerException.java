package io.zoomqos.collector.zoom;

/** 5xx from Zoom after the configured retries were spent. */
public final class ZoomServerException extends ZoomApiException {

    ZoomServerException(String message, String endpoint, int httpStatus, Integer zoomCode, Throwable cause) {
        super(message, endpoint, httpStatus, zoomCode, cause);
    }

    @Override
    public String outcome() {
        return "server_error";
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
