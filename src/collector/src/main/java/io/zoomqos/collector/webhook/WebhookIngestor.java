package io.zoomqos.collector.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.events.GroupCommit;
import io.zoomqos.collector.polling.MeetingSignals;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Meeting events by group commit ({@link GroupCommit}: at most {@code qos.webhook.writers},
 * default 2, commits in flight, so one batch's statements overlap the other's fsync; a bounded
 * queue in events and bytes): each request is completed only after the transaction holding its
 * row committed. A batch the database rejects for its data is split until the bad event fails
 * alone (400); any other failure fails the batch as unavailable (503, Zoom redelivers). The
 * meeting signals of a committed batch are published before its requests are answered, so whoever
 * sees the 200 can see the signal.
 */
final class WebhookIngestor {

    private static final Logger log = LoggerFactory.getLogger(WebhookIngestor.class);

    private final WebhookPrivacy privacy;
    private final GroupCommit<WebhookEvent, WebhookEventStore.Outcome> commits;

    WebhookIngestor(WebhookEventStore store, MeetingSignals signals, WebhookProperties properties, MeterRegistry meters,
                    WebhookPrivacy privacy) {
        this.privacy = privacy;
        this.commits = new GroupCommit<>(
                new GroupCommit.Limits(properties.queueCapacity(), properties.maxQueuedBytes().toBytes(),
                        properties.maxBatchSize(), properties.writers(), properties.commitTimeout(), "qos.webhooks"),
                batch -> store.write(batch).map(result -> {
                    // The batch is committed: nothing a signal's subscriber does may turn it into a 503.
                    result.signals().forEach(signal -> {
                        try {
                            signals.publish(signal);
                        } catch (RuntimeException | Error e) {
                            reactor.core.Exceptions.throwIfJvmFatal(e);
                            log.warn("meeting signal not delivered meeting={} error={}", signal.meetingUuid(), e.toString());
                        }
                    });
                    return result.outcomes();
                }),
                event -> event.rawBody().length(),
                reason -> new WebhookUnavailableException("webhook " + reason, true, null),
                WebhookIngestor::failure,
                meters);
    }

    /** Completes with the event's outcome after its transaction committed. */
    Mono<WebhookEventStore.Outcome> submit(WebhookEvent event) {
        // Pseudonymous mode: nothing personal reaches the queue, so none of it can be stored.
        return Mono.defer(() -> commits.submit(privacy.apply(event)));
    }

    /** As {@link GroupCommit#submitAll}: the events share a batch unless a commit is in flight. */
    List<Mono<WebhookEventStore.Outcome>> submitAll(List<WebhookEvent> events) {
        return commits.submitAll(events.stream().map(privacy::apply).toList());
    }

    /** Events waiting for a commit (for tests and metrics). */
    int queued() {
        return commits.queued();
    }

    private static RuntimeException failure(Throwable error, boolean dataError) {
        if (dataError) {
            log.warn("webhook event rejected by the database sqlState={}", GroupCommit.sqlState(error));
            return new BadWebhookException("the event could not be stored: the database rejected its data");
        }
        String reason = error instanceof TimeoutException ? "commit timed out" : error.getClass().getSimpleName();
        log.warn("webhook batch not stored, database unavailable reason={}", reason);
        log.debug("webhook batch failure", error);
        return new WebhookUnavailableException("database unavailable: " + reason, false, error);
    }
}
