package io.zoomqos.collector.events;

/** How an event reached us; stored with it ({@code webhook_event.source}). */
public enum EventSource {
    /** Zoom's signed HTTP POST to {@code /webhooks/zoom}. */
    WEBHOOK("webhook"),
    /** A {@code message} frame of the WebSocket event subscription. */
    WEBSOCKET("websocket");

    private final String dbValue;

    EventSource(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }
}
