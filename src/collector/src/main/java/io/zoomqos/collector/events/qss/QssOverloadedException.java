package io.zoomqos.collector.events.qss;

/** Not stored now (queue full or database unavailable): the source should retry later (503 for a webhook). */
public final class QssOverloadedException extends RuntimeException {

    QssOverloadedException() {
        super("qss queue is full", null, false, false);
    }

    QssOverloadedException(Throwable cause) {
        super("qss events not stored: " + cause.getClass().getSimpleName(), cause, false, false);
    }
}
