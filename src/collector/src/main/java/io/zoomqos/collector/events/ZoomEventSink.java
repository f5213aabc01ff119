package io.zoomqos.collector.events;

import reactor.core.publisher.Mono;

/**
 * The one seam every event source hands Zoom's event JSON to, after authenticating it (a webhook
 * by its signature, a WebSocket frame by the connection's token). Behind it every event takes the
 * same path with the same idempotency, whichever source delivered it, and however often.
 */
public interface ZoomEventSink {

    /** What became of one event. */
    enum Outcome {
        /** Committed now. */
        STORED,
        /** Already stored before (a redelivery, or the other source delivered it first). */
        DUPLICATE,
        /** Not an event we collect; dropped. */
        IGNORED,
        /** Could not be read (malformed JSON or a missing key field); counted and dropped. */
        UNREADABLE
    }

    /**
     * Completes after the event is committed (or known to be a duplicate, ignored, unreadable);
     * fails when it could not be stored now, so the source can retry or count a gap.
     *
     * @param accountId the account the source authenticated the event for
     * @param body the event JSON exactly as Zoom sent it
     */
    Mono<Outcome> accept(String accountId, byte[] body, EventSource source);
}
