package io.zoomqos.collector.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of this instance's live subscribers filter on each meeting: someone has that
 * meeting's page or stream open. The planner puts watched meetings first (shared across
 * replicas through PostgreSQL by the polling side).
 */
public final class Watchers {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    public void opened(String meetingUuid) {
        counts.merge(meetingUuid, 1, Integer::sum);
    }

    public void closed(String meetingUuid) {
        counts.computeIfPresent(meetingUuid, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** A copy: meeting UUID to subscribers now (only meetings with at least one). */
    public Map<String, Integer> snapshot() {
        return Map.copyOf(counts);
    }
}
