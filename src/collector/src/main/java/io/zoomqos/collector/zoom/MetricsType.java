package io.zoomqos.collector.zoom;

/** The {@code type} query parameter of the dashboard metrics endpoints. */
public enum MetricsType {
    /** A meeting in progress. */
    LIVE("live"),
    /** An ended meeting; Zoom answers 404/3001 until the meeting has ended. */
    PAST("past");

    private final String query;

    MetricsType(String query) {
        this.query = query;
    }

    public String query() {
        return query;
    }
}
