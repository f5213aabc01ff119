package io.zoomqos.collector.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code GET /api/v1/qos/stream}: the live feed as Server-Sent Events.
 *
 * <p>Frames are written as raw bytes rather than through Spring's SSE encoder, so that the event
 * JSON is encoded once per event (not once per subscriber) and Reactor Netty can write a burst of
 * frames with one flush. A client that falls behind receives {@code lagged} and the stream ends;
 * an {@code EventSource} then reconnects by itself with {@code Last-Event-ID} and is resumed from
 * PostgreSQL.
 */
final class QosStreamHandler {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    /** Bounds one coalesced write; Netty holds at most 128 writes per connection, so at most 8,192 frames. */
    static final int MAX_FRAMES_PER_WRITE = 64;

    private final FeedStream stream;
    private final int limit;
    private final Duration flushInterval;
    private final Scheduler timer;
    private final StreamAdmission admission;
    private final AtomicInteger active = new AtomicInteger();

    QosStreamHandler(FeedStream stream, StreamAdmission admission, LiveProperties properties, MeterRegistry meters,
                     Scheduler timer) {
        this.stream = stream;
        this.admission = admission;
        this.limit = properties.subscriberLimit();
        this.flushInterval = properties.flushInterval();
        this.timer = timer;
        Gauge.builder("qos.sse.subscribers", active, AtomicInteger::get)
                .description("SSE subscribers connected to this instance")
                .register(meters);
        // Exported so the alert "near the limit" follows the configured limit (monitoring/).
        Gauge.builder("qos.sse.subscriber.limit", () -> limit)
                .description("SSE subscribers this instance accepts before answering 503")
                .register(meters);
    }

    Mono<ServerResponse> stream(ServerRequest request) {
        String last = request.headers().firstHeader(LAST_EVENT_ID);
        if (last == null) {
            last = request.queryParam("lastEventId").orElse(null);
        }
        FeedCursor resume;
        try {
            resume = last == null || last.isBlank() ? null : FeedCursor.parse(last);
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, "Bad Last-Event-ID",
                    "Last-Event-ID (or lastEventId) must be a cursor <sampleSeq>-<eventSeq> as sent in the id field, e.g. 1042-17");
        }
        FeedFilter filter = new FeedFilter(request.queryParam("account").orElse(null),
                request.queryParam("meeting").orElse(null), request.queryParam("participant").orElse(null));
        if (active.get() >= limit) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many subscribers",
                    "this instance serves at most " + limit + " live subscribers; retry later or on another instance");
        }
        return admission.admit(request, resume != null).flatMap(decision -> decision instanceof StreamAdmission.Admitted a
                ? open(filter, resume, a) : refused((StreamAdmission.Refused) decision));
    }

    private Mono<ServerResponse> open(FeedFilter filter, @Nullable FeedCursor resume, StreamAdmission.Admitted admitted) {
        // Counted from when the body is subscribed until it ends, so a client gone before its body
        // was written never holds a place (the limit is a soft bound under concurrent connects).
        Flux<SseFrame> frames = Flux.defer(() -> {
            active.incrementAndGet();
            return stream.open(filter, resume, admitted.replay()).doFinally(s -> active.decrementAndGet());
        });
        // The admission's places are given back when the write ends, however it ends: also when the
        // body was never subscribed because the client had gone.
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .body((response, context) -> response.writeWith(encode(frames, response.bufferFactory()))
                        .doFinally(s -> admitted.release()));
    }

    private static Mono<ServerResponse> refused(StreamAdmission.Refused r) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(r.status(), r.detail());
        body.setTitle(r.title());
        body.setInstance(URI.create("/api/v1/qos/stream"));
        return ServerResponse.status(r.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", Long.toString(Math.max(1, r.retryAfter().toSeconds())))
                .bodyValue(body);
    }

    /**
     * With a flush interval, the frames that arrive within it leave as one buffer: one write and
     * one flush per subscriber per window instead of per event, which is what 1,000 subscribers
     * at hundreds of events per second cost in syscalls.
     */
    private Flux<DataBuffer> encode(Flux<SseFrame> frames, DataBufferFactory buffers) {
        if (flushInterval.isZero()) {
            return frames.map(f -> buffers.wrap(f.bytes()));
        }
        return frames.bufferTimeout(MAX_FRAMES_PER_WRITE, flushInterval, timer, true).map(batch -> {
            if (batch.size() == 1) {
                return buffers.wrap(batch.get(0).bytes());
            }
            StringBuilder text = new StringBuilder(batch.size() * 256);
            batch.forEach(f -> text.append(f.encode()));
            return buffers.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    int active() {
        return active.get();
    }

    private static Mono<ServerResponse> problem(HttpStatus status, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setInstance(URI.create("/api/v1/qos/stream"));
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(body);
    }
}
