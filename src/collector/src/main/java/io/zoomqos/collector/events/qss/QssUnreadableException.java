package io.zoomqos.collector.events.qss;

/** A QSS event that names no meeting or participant we could store it under: dropped and counted. */
public final class QssUnreadableException extends RuntimeException {

    public QssUnreadableException(String message) {
        super(message, null, false, false);
    }
}
