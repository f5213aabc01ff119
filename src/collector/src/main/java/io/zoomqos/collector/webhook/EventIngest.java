package io.zoomqos.collector.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.events.EventSource;
import io.zoomqos.collector.events.ZoomEventSink;
import io.zoomqos.collector.events.qss.QssEvent;
import io.zoomqos.collector.events.qss.QssIngestor;
import io.zoomqos.collector.events.qss.QssParser;
import io.zoomqos.collector.events.qss.QssUnreadableException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The ingest path behind {@link ZoomEventSink}, shared by every source: meeting lifecycle events
 * go through the webhook group commit ({@code webhook_event}'s natural key makes a redelivery, or
 * the same event over the other source, store nothing), QSS events through {@link QssIngestor}
 * (the sample's natural key does the same). The webhook endpoint calls it after the signature
 * check, the WebSocket client for every {@code message} frame.
 */
final class EventIngest implements ZoomEventSink {

    private static final Logger log = LoggerFactory.getLogger(EventIngest.class);

    private final WebhookIngestor lifecycle;
    private final QssParser qssParser;
    private final QssIngestor qss;
    private final MeterRegistry meters;
    private final ConcurrentMap<List<Object>, Counter> counters = new ConcurrentHashMap<>();

    EventIngest(WebhookIngestor lifecycle, QssParser qssParser, QssIngestor qss, MeterRegistry meters) {
        this.lifecycle = lifecycle;
        this.qssParser = qssParser;
        this.qss = qss;
        this.meters = meters;
    }

    @Override
    public Mono<Outcome> accept(String accountId, byte[] body, EventSource source) {
        JsonNode root;
        String event;
        try {
            root = WebhookParser.tree(body);
            event = WebhookParser.eventName(root);
        } catch (BadWebhookException e) {
            return Mono.just(count(source, "-", Outcome.UNREADABLE));
        }
        if (QssEvent.handles(event)) {
            return qss(accountId, root, source)
                    .onErrorResume(QssUnreadableException.class, e -> Mono.just(Outcome.UNREADABLE))
                    .doOnNext(o -> count(source, event, o));
        }
        WebhookEvent.Kind kind = WebhookEvent.Kind.of(event);
        if (kind == null) {
            return Mono.just(count(source, event, Outcome.IGNORED));
        }
        WebhookEvent parsed;
        try {
            parsed = WebhookParser.meetingEvent(kind, root, body).from(source);
        } catch (BadWebhookException e) {
            log.warn("event unreadable source={} event={} detail=\"{}\"", source.dbValue(), event, e.getMessage());
            return Mono.just(count(source, event, Outcome.UNREADABLE));
        }
        if (!parsed.accountId().equals(accountId)) {
            log.warn("event for another account dropped source={} event={}", source.dbValue(), event);
            return Mono.just(count(source, event, Outcome.UNREADABLE));
        }
        return lifecycle.submit(parsed)
                .map(o -> o == WebhookEventStore.Outcome.STORED ? Outcome.STORED : Outcome.DUPLICATE)
                .onErrorResume(BadWebhookException.class, e -> Mono.just(Outcome.UNREADABLE))
                .doOnNext(o -> count(source, event, o));
    }

    /**
     * A verified QSS event of the account: stored, or {@link QssUnreadableException} when it
     * names no meeting or participant (or another account).
     */
    Mono<Outcome> qss(String accountId, JsonNode root, EventSource source) {
        return Mono.defer(() -> {
            QssEvent parsed = qssParser.parse(root);
            if (!parsed.accountId().equals(accountId)) {
                return Mono.error(new QssUnreadableException("payload.account_id is another account"));
            }
            return qss.submit(parsed);
        });
    }

    Outcome count(EventSource source, String event, Outcome outcome) {
        String tag = event.length() > 64 ? "-" : event;
        // Looked up once per kind: building and registering a meter per event was a visible share
        // of the ingest path's CPU at 1,600 events/s. As many entries as the registry has meters.
        counters.computeIfAbsent(List.of(source, tag, outcome), k -> Counter.builder("qos.events")
                        .description("Zoom events received, by source, event and what became of them")
                        .tag("source", source.dbValue())
                        .tag("event", tag)
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(meters))
                .increment();
        return outcome;
    }
}
