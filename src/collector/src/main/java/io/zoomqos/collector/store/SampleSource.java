package io.zoomqos.collector.store;

/** Where a participant-minute came from; kept per row ({@code qos_sample.source}). */
public enum SampleSource {
    /** Read from the Dashboard QoS API (live poll or final sweep). */
    POLL("poll"),
    /** Pushed by Zoom as a QSS {@code meeting.participant_qos} event (webhook or WebSocket). */
    QSS("qss");

    private final String dbValue;

    SampleSource(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }
}
