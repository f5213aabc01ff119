package io.zoomqos.collector.zoom;

import java.util.Locale;

/** What a request to Zoom was for, in the daily coverage ({@code call_spend}) and {@code qos.calls}. */
public enum CallKind {
    /** A {@code type=live} QoS page of a meeting in progress. */
    LIVE,
    /** A {@code type=past} QoS page or single-participant fetch of the final sweep. */
    SWEEP,
    /** List meeting participants. */
    ROSTER,
    /** Dashboard List meetings (reconciliation). */
    RECONCILE;

    /** The kind of a request, from its endpoint and query: Zoom's own distinction, not the caller's intent. */
    static CallKind of(String endpoint, String pathAndQuery) {
        return switch (endpoint) {
            case ZoomClient.PARTICIPANTS_QOS, ZoomClient.PARTICIPANT_QOS ->
                    pathAndQuery.contains("type=live") ? LIVE : SWEEP;
            case ZoomClient.PARTICIPANTS -> ROSTER;
            default -> RECONCILE;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
