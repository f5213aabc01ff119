package io.zoomqos.collector.webhook;

/** Not stored now, try again later (503 + Retry-After): the database failed, or the queue is full. */
final class WebhookUnavailableException extends RuntimeException {

    private final boolean overloaded;

    WebhookUnavailableException(String message, boolean overloaded, Throwable cause) {
        super(message, cause, false, false);
        this.overloaded = overloaded;
    }

    /** True when the writer's queue was full (rather than the database failing). */
    boolean overloaded() {
        return overloaded;
    }
}
