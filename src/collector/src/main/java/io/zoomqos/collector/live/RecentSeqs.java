package io.zoomqos.collector.live;

import java.util.LinkedHashSet;
import java.util.Iterator;

/**
 * The stored events (by source and sequence) this feed has already delivered, remembered for the
 * last {@code capacity} of them: with several replicas the same committed row can reach the feed
 * twice, once from its local writer and once relayed after another replica's notification.
 */
final class RecentSeqs {

    private final int capacity;
    private final LinkedHashSet<Long> samples = new LinkedHashSet<>();
    private final LinkedHashSet<Long> events = new LinkedHashSet<>();

    RecentSeqs(int capacity) {
        this.capacity = capacity;
    }

    /** True the first time an event is seen; BUDGET events (not stored) always pass. */
    synchronized boolean firstTime(FeedEvent e) {
        LinkedHashSet<Long> seen = switch (e.type().source()) {
            case SAMPLES -> samples;
            case EVENTS -> events;
            case NONE -> null;
        };
        if (seen == null) {
            return true;
        }
        if (!seen.add(e.seq())) {
            return false;
        }
        if (seen.size() > capacity) {
            Iterator<Long> eldest = seen.iterator();
            eldest.next();
            eldest.remove();
        }
        return true;
    }
}
