package io.zoomqos.collector.zoom;

/** 401 that survived one token renewal and one retry, or the OAuth host refused the account's credentials. */
public final class ZoomUnauthorizedException extends ZoomApiException {

    ZoomUnauthorizedException(String message, String endpoint, int httpStatus, Integer zoomCode, Throwable cause) {
        super(message, endpoint, httpStatus, zoomCode, cause);
    }

    @Override
    public String outcome() {
        return "unauthorized";
    }
}
