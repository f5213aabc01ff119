package io.zoomqos.collector.webhook;

/** The body is not a webhook we can read: malformed JSON, a missing field or a field of the wrong type (400). */
final class BadWebhookException extends RuntimeException {

    BadWebhookException(String message) {
        super(message, null, false, false);
    }
}
