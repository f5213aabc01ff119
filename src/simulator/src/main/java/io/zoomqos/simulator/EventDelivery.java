package io.zoomqos.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands each delivery channel (webhooks, WebSocket) the events that became due since it last
 * asked, each exactly once, less the lifecycle events {@code lifecycleLoss} drops; remembers the
 * dropped ones so tests can check what the collector had to recover. Thread-safe.
 */
final class EventDelivery {

    private final EventTimeline timeline;
    private final SimulatedClock clock;
    private final List<String> accountIds;
    private final double lifecycleLoss;
    /** Per channel, the simulated instant up to which due events were handed out. */
    private final Map<SimulatedZoom.Delivery, Instant> drainedUntil = new EnumMap<>(SimulatedZoom.Delivery.class);
    /** Lifecycle events seen per kind, over both channels: the loss pattern counts them. */
    private final Map<String, Long> lifecycleSeen = new HashMap<>();
    private final List<WebhookEvent> lost = new ArrayList<>();

    EventDelivery(EventTimeline timeline, SimulatedClock clock, List<String> accountIds, double lifecycleLoss,
                  Instant origin) {
        this.timeline = timeline;
        this.clock = clock;
        this.accountIds = List.copyOf(accountIds);
        this.lifecycleLoss = lifecycleLoss;
        for (SimulatedZoom.Delivery d : SimulatedZoom.Delivery.values()) {
            drainedUntil.put(d, origin.minusNanos(1));
        }
    }

    /** The channel's events in {@code (last drain, now]} (simulated) that are delivered. */
    synchronized List<WebhookEvent> drainDue(SimulatedZoom.Delivery channel) {
        // Read under the lock, so that the windows of concurrent drains follow each other.
        Instant now = clock.instant();
        Instant from = drainedUntil.get(channel);
        if (!now.isAfter(from)) {
            return List.of();
        }
        drainedUntil.put(channel, now);
        if (accountIds.stream().noneMatch(a -> timeline.delivery(a) == channel)) {
            return List.of();
        }
        List<WebhookEvent> due = timeline.events(from, now, channel);
        if (lifecycleLoss <= 0) {
            return due;
        }
        // Deterministic: the 1st of each kind, then every round(1/share)-th, is never delivered.
        long every = Math.max(1, Math.round(1.0 / lifecycleLoss));
        List<WebhookEvent> delivered = new ArrayList<>(due.size());
        for (WebhookEvent e : due) {
            if (e.event().equals("meeting.started") || e.event().equals("meeting.ended")) {
                long n = lifecycleSeen.merge(e.event(), 1L, Long::sum);
                if ((n - 1) % every == 0) {
                    lost.add(e);
                    continue;
                }
            }
            delivered.add(e);
        }
        return delivered;
    }

    /** The lifecycle events {@code lifecycleLoss} kept from being delivered, in order. */
    synchronized List<WebhookEvent> lost() {
        return List.copyOf(lost);
    }
}
