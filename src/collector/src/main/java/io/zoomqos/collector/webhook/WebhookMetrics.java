package io.zoomqos.collector.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;

/** {@code qos.webhooks.received{event,outcome}}: one count per webhook request, by how it ended. */
final class WebhookMetrics {

    enum Outcome {
        STORED, DUPLICATE, IGNORED, VALIDATED, REJECTED_SIGNATURE, BAD_REQUEST, UNKNOWN_ACCOUNT, TOO_LARGE,
        UNAVAILABLE, OVERLOADED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The event tag only takes names we know: the name is attacker-controlled before verification. */
    private static final Set<String> KNOWN_EVENTS = Set.of("meeting.started", "meeting.ended",
            "meeting.participant_joined", "meeting.participant_left", "endpoint.url_validation");

    private final MeterRegistry registry;
    private final java.util.concurrent.ConcurrentMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String event, Outcome outcome) {
        String tag = event == null ? "unknown" : KNOWN_EVENTS.contains(event) ? event : "other";
        counters.computeIfAbsent(tag + ' ' + outcome.tag(), k -> Counter.builder("qos.webhooks.received")
                        .description("webhook requests by event and outcome")
                        .tag("event", tag)
                        .tag("outcome", outcome.tag())
                        .register(registry))
                .increment();
    }
}
