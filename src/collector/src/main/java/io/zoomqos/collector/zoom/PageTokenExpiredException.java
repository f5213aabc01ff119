package io.zoomqos.collector.zoom;

/** Zoom rejected a {@code next_page_token} (code 300, tokens live 15 minutes). Page walks restart from page 1 a bounded number of times before passing this on. */
public final class PageTokenExpiredException extends ZoomApiException {

    PageTokenExpiredException(String message, String endpoint, int httpStatus, Integer zoomCode, Throwable cause) {
        super(message, endpoint, httpStatus, zoomCode, cause);
    }

    @Override
    public String outcome() {
        return "page_token_expired";
    }
}
