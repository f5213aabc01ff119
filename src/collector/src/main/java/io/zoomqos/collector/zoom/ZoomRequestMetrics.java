package io.zoomqos.collector.zoom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * {@code qos.zoom.requests{endpoint,outcome}} (one count per HTTP request, retries included) and
 * {@code qos.zoom.request.duration{endpoint,outcome}}. Outcomes: {@code ok} or
 * {@link ZoomApiException#outcome()}; {@code error} for anything unexpected.
 */
final class ZoomRequestMetrics {

    static final String REQUESTS = "qos.zoom.requests";
    static final String DURATION = "qos.zoom.request.duration";

    private final MeterRegistry registry;

    ZoomRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts and times one HTTP request when it completes or fails (not when cancelled). */
    <T> Mono<T> observe(String endpoint, Mono<T> request) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(registry);
            return request
                    .doOnSuccess(v -> record(sample, endpoint, "ok"))
                    .doOnError(e -> record(sample, endpoint, e instanceof ZoomApiException z ? z.outcome() : "error"));
        });
    }

    private void record(Timer.Sample sample, String endpoint, String outcome) {
        Counter.builder(REQUESTS).description("HTTP requests to Zoom, retries included")
                .tag("endpoint", endpoint).tag("outcome", outcome).register(registry).increment();
        sample.stop(Timer.builder(DURATION).description("Duration of HTTP requests to Zoom")
                .tag("endpoint", endpoint).tag("outcome", outcome).register(registry));
    }
}
