package io.zoomqos.collector.zoom;

/** No response: connection refused or reset, or the per-request timeout passed; after the retries were spent. */
public final class ZoomTransportException extends ZoomApiException {

    private final boolean timeout;

    ZoomTransportException(String message, String endpoint, boolean timeout, Throwable cause) {
        super(message, endpoint, 0, null, cause);
        this.timeout = timeout;
    }

    /** True for the per-request timeout, false for connection errors. */
    public boolean timeout() {
        return timeout;
    }

    @Override
    public String outcome() {
        return timeout ? "timeout" : "connection_error";
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
