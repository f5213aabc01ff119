package io.zoomqos.collector.webhook;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.spi.R2dbcException;
import io.zoomqos.collector.polling.MeetingSignals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit: requests put their event in a bounded queue and wait; a writer commits
 * whatever is queued in a single transaction, and while the commits in flight (at most
 * {@code qos.webhook.writers}, default 2, so one batch's statements overlap the other's fsync)
 * run, newly arriving events wait and go together in the next batch. Each request is completed only
 * after the transaction holding its row committed.
 *
 * <p>A batch that fails because of its data (PostgreSQL answered with a data, constraint or
 * size-limit error, see {@link #isDataError}) is split in halves and retried, so one bad row
 * fails alone (400) and the others of its batch are stored; any other failure
 * (connection lost, timeout) fails the whole batch as unavailable, and the requests get 503
 * so Zoom redelivers. The queue is bounded in events and bytes: when full, the request is
 * refused at once instead of buffered.
 */
final class WebhookIngestor {

    private static final Logger log = LoggerFactory.getLogger(WebhookIngestor.class);

    private record Pending(WebhookEvent event, Sinks.One<WebhookEventStore.Outcome> sink, int bytes) {
    }

    private final WebhookEventStore store;
    private final WebhookPrivacy privacy;
    private final MeetingSignals signals;
    private final int capacity;
    private final long maxQueuedBytes;
    private final int maxBatch;
    private final Duration commitTimeout;
    private final DistributionSummary batchSizes;
    private final Timer batchTimes;

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger writing = new AtomicInteger();
    private final int writers;

    WebhookIngestor(WebhookEventStore store, MeetingSignals signals, WebhookProperties properties, MeterRegistry meters,
                    WebhookPrivacy privacy) {
        this.store = store;
        this.privacy = privacy;
        this.signals = signals;
        this.capacity = properties.queueCapacity();
        this.maxQueuedBytes = properties.maxQueuedBytes().toBytes();
        this.maxBatch = properties.maxBatchSize();
        this.commitTimeout = properties.commitTimeout();
        this.writers = properties.writers();
        this.batchSizes = DistributionSummary.builder("qos.webhooks.batch.size")
                .description("events committed per transaction (group commit)")
                .register(meters);
        this.batchTimes = Timer.builder("qos.webhooks.batch.duration")
                .description("time to write and commit one batch of webhooks")
                .register(meters);
    }

    /** Completes with the event's outcome after its transaction committed. */
    Mono<WebhookEventStore.Outcome> submit(WebhookEvent event) {
        return Mono.defer(() -> {
            Mono<WebhookEventStore.Outcome> result = enqueue(event);
            drain();
            return result;
        });
    }

    /**
     * Queues all events before the writer looks, so they share a batch unless a commit is
     * already in flight (then they share the next one). Each element answers one event.
     */
    List<Mono<WebhookEventStore.Outcome>> submitAll(List<WebhookEvent> events) {
        List<Mono<WebhookEventStore.Outcome>> results = events.stream().map(this::enqueue).toList();
        drain();
        return results;
    }

    private Mono<WebhookEventStore.Outcome> enqueue(WebhookEvent received) {
        // Pseudonymous mode: nothing personal reaches the queue, so none of it can be stored.
        WebhookEvent event = privacy.apply(received);
        int bytes = event.rawBody().length();
        // Non-short-circuit "|": both counters are raised, so both are lowered on refusal.
        if (queued.incrementAndGet() > capacity | queuedBytes.addAndGet(bytes) > maxQueuedBytes) {
            queued.decrementAndGet();
            queuedBytes.addAndGet(-bytes);
            return Mono.error(new WebhookUnavailableException("webhook queue is full", true, null));
        }
        Sinks.One<WebhookEventStore.Outcome> sink = Sinks.one();
        queue.add(new Pending(event, sink, bytes));
        return sink.asMono();
    }

    /** Events waiting for a commit (for tests and metrics). */
    int queued() {
        return queued.get();
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int inFlight = writing.get();
            if (inFlight >= writers) {
                return; // a finishing writer drains again
            }
            if (!writing.compareAndSet(inFlight, inFlight + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>(Math.min(maxBatch, queued.get()));
            Pending p;
            while (batch.size() < maxBatch && (p = queue.poll()) != null) {
                batch.add(p);
                queued.decrementAndGet();
                queuedBytes.addAndGet(-p.bytes);
            }
            if (batch.isEmpty()) {
                writing.decrementAndGet();
                continue;
            }
            batchSizes.record(batch.size());
            long started = System.nanoTime();
            writeIsolating(batch)
                    .doFinally(signal -> {
                        batchTimes.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                        writing.decrementAndGet();
                        drain();
                    })
                    .subscribe();
        }
    }

    /**
     * Writes the batch in one transaction and completes every request of it; on a data error
     * retries the halves, each in its own transaction. Never fails itself.
     */
    private Mono<Void> writeIsolating(List<Pending> batch) {
        List<WebhookEvent> events = batch.stream().map(Pending::event).toList();
        return store.write(events)
                .timeout(commitTimeout)
                .doOnNext(result -> {
                    // Published before the requests are answered: whoever sees the 200 can see the signal.
                    // The batch is committed: nothing a signal's subscriber does may turn it into a 503.
                    result.signals().forEach(signal -> {
                        try {
                            signals.publish(signal);
                        } catch (RuntimeException | Error e) {
                            reactor.core.Exceptions.throwIfJvmFatal(e);
                            log.warn("meeting signal not delivered meeting={} error={}", signal.meetingUuid(), e.toString());
                        }
                    });
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).sink.tryEmitValue(result.outcomes().get(i));
                    }
                })
                .then()
                .onErrorResume(error -> {
                    if (isDataError(error) && batch.size() > 1) {
                        int half = batch.size() / 2;
                        log.warn("webhook batch rejected by the database, isolating size={} sqlState={}",
                                batch.size(), sqlState(error));
                        return writeIsolating(batch.subList(0, half)).then(writeIsolating(batch.subList(half, batch.size())));
                    }
                    RuntimeException failure = failure(error, batch.get(0).event);
                    batch.forEach(p -> p.sink.tryEmitError(failure));
                    return Mono.empty();
                });
    }

    private static RuntimeException failure(Throwable error, WebhookEvent event) {
        if (isDataError(error)) {
            log.warn("webhook event rejected by the database event={} account={} sqlState={}",
                    event.kind().zoomName, event.accountId(), sqlState(error));
            return new BadWebhookException("the event could not be stored: the database rejected its data");
        }
        String reason = error instanceof TimeoutException ? "commit timed out" : error.getClass().getSimpleName();
        log.warn("webhook batch not stored, database unavailable reason={}", reason);
        log.debug("webhook batch failure", error);
        return new WebhookUnavailableException("database unavailable: " + reason, false, error);
    }

    /**
     * PostgreSQL answered that the rows are wrong, as opposed to the connection or server failing:
     * class 22 data exception (e.g. a NUL character in text, a value too long for its column),
     * class 23 integrity violation, and 54000 program_limit_exceeded, which is what a value too
     * large for its index entry gets ("index row requires 40064 bytes"). Each of these is some
     * event's own fault; isolating the batch finds which.
     */
    static boolean isDataError(Throwable error) {
        String state = sqlState(error);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.equals("54000"));
    }

    /** The SQLState PostgreSQL answered with, found through Spring's exception translation; null if none. */
    private static String sqlState(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof R2dbcException r) {
                return r.getSqlState();
            }
        }
        return null;
    }
}
