package io.zoomqos.simulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Sends the scenario's webhooks as Zoom does: signed ({@code x-zm-request-timestamp} in real unix
 * seconds, {@code x-zm-signature}), compact JSON in Zoom's envelope, a bounded number of retries
 * for anything but 2xx (Zoom retries 3 times over 85 minutes; we keep the count but shorten the
 * back-off). Due events are collected every tick of the given scheduler, so virtual time drives
 * it in tests. Bounded: at most {@code webhookQueue} ticks' batches wait; beyond that the oldest
 * are dropped (their events counted).
 */
public final class WebhookDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDriver.class);

    /** Counters since start. */
    public record Stats(long delivered, long failed, long attempts, long dropped) {
    }

    private final SimulatedZoom zoom;
    private final WebClient client;
    private final URI target;
    private final Clock realClock;
    private final Scheduler scheduler;
    private final SimulatorProperties properties;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong tracking = new AtomicLong();
    private volatile Disposable running;

    public WebhookDriver(SimulatedZoom zoom, WebClient client, URI target, Clock realClock, Scheduler scheduler) {
        this.zoom = zoom;
        this.client = client;
        this.target = target;
        this.realClock = realClock;
        this.scheduler = scheduler;
        this.properties = zoom.properties();
    }

    public URI target() {
        return target;
    }

    public synchronized WebhookDriver start() {
        if (running == null) {
            log.info("simulator webhooks started target={} tick={} timeScale={}", target, properties.webhookTick(),
                    properties.timeScale());
            running = Flux.interval(properties.webhookTick(), properties.webhookTick(), scheduler)
                    .onBackpressureDrop()
                    .map(tick -> zoom.drainDueWebhooks())
                    .filter(batch -> !batch.isEmpty())
                    .onBackpressureBuffer(properties.webhookQueue(), batch -> dropped.addAndGet(batch.size()),
                            BufferOverflowStrategy.DROP_OLDEST)
                    .concatMap(this::deliverBatch, 1)
                    .subscribe();
        }
        return this;
    }

    /**
     * One tick's events: meetings in parallel, each meeting's events in order (started before
     * joined before left before ended), and the next tick only after this one, so a meeting's
     * events never overtake each other.
     */
    private Mono<Void> deliverBatch(List<WebhookEvent> batch) {
        Map<String, List<WebhookEvent>> byMeeting = new LinkedHashMap<>();
        batch.forEach(e -> byMeeting.computeIfAbsent(e.meetingUuid(), k -> new ArrayList<>()).add(e));
        return Flux.fromIterable(byMeeting.values())
                .flatMap(events -> Flux.fromIterable(events).concatMap(this::deliver), properties.webhookConcurrency())
                .then();
    }

    /** Delivers one event, retrying within bounds; emits true when it got a 2xx, false after giving up. */
    public Mono<Boolean> deliver(WebhookEvent event) {
        String secret = zoom.webhookSecret(event.accountId()).orElse("");
        byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
        // Each attempt is signed afresh, like Zoom's retries, so the timestamp stays current.
        Mono<Boolean> attempt = Mono.defer(() -> {
            attempts.incrementAndGet();
            long ts = realClock.instant().getEpochSecond();
            return client.post().uri(target)
                    .contentType(new MediaType("application", "json", StandardCharsets.UTF_8))
                    .header("user-agent", "Zoom Marketplace/1.0a")
                    .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(ts))
                    .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secret, ts, body))
                    .header("x-zm-trackingid", "sim_" + tracking.incrementAndGet())
                    .bodyValue(body)
                    .retrieve()
                    .toBodilessEntity()
                    .timeout(properties.webhookTimeout(), scheduler)
                    .thenReturn(true);
        });
        return attempt
                .retryWhen(Retry.backoff(properties.webhookRetries(), properties.webhookRetryBackoff())
                        .jitter(0).scheduler(scheduler))
                .doOnNext(ok -> delivered.incrementAndGet())
                .onErrorResume(e -> {
                    failed.incrementAndGet();
                    log.warn("simulator webhook undelivered event={} account={} meeting={} attempts={} error={}",
                            event.event(), event.accountId(), event.meetingUuid(), properties.webhookRetries() + 1,
                            rootMessage(e));
                    return Mono.just(false);
                });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    public Stats stats() {
        return new Stats(delivered.get(), failed.get(), attempts.get(), dropped.get());
    }

    @Override
    public synchronized void close() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }
}
