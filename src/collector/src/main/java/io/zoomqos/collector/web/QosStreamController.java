package io.zoomqos.collector.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zoomqos.collector.live.FeedCursor;
import io.zoomqos.collector.live.FeedEvent;
import io.zoomqos.collector.live.FeedFilter;
import io.zoomqos.collector.live.FeedStream;
import io.zoomqos.collector.live.LiveProperties;
import io.zoomqos.collector.live.ReadPseudonyms;
import io.zoomqos.collector.live.SseFrame;
import io.zoomqos.collector.live.StreamAdmission;
import io.zoomqos.collector.live.Watchers;
import io.zoomqos.collector.web.security.Scopes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/qos/stream}: the live feed as Server-Sent Events.
 *
 * <p>Frames are written as raw bytes rather than through Spring's SSE encoder, so that the event
 * JSON is encoded once per event (not once per subscriber) and Reactor Netty can write a burst of
 * frames with one flush. A client that falls behind receives {@code lagged} and the stream ends;
 * an {@code EventSource} then reconnects by itself with {@code Last-Event-ID} and is resumed from
 * PostgreSQL.
 */
@RestController
@Tag(name = "live", description = "The live feed")
class QosStreamController {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    static final String BUDGET = FeedEvent.Type.BUDGET.eventName();

    /** Bounds one coalesced write; Netty holds at most 128 writes per connection, so at most 8,192 frames. */
    static final int MAX_FRAMES_PER_WRITE = 64;

    private final FeedStream stream;
    private final int limit;
    private final Duration flushInterval;
    private final Scheduler timer;
    private final StreamAdmission admission;
    private final AtomicInteger active = new AtomicInteger();
    private final Watchers watchers;
    private final PersonalData personalData;
    private final CallerScopes scopes;

    QosStreamController(FeedStream stream, StreamAdmission admission, LiveProperties properties, MeterRegistry meters,
                        Watchers watchers, PersonalData personalData, CallerScopes scopes) {
        this.stream = stream;
        this.personalData = personalData;
        this.scopes = scopes;
        this.admission = admission;
        this.watchers = watchers;
        this.limit = properties.subscriberLimit();
        this.flushInterval = properties.flushInterval();
        this.timer = Schedulers.parallel();
        Gauge.builder("qos.sse.subscribers", active, AtomicInteger::get)
                .description("SSE subscribers connected to this instance")
                .register(meters);
        // Exported so the alert "near the limit" follows the configured limit (monitoring/).
        Gauge.builder("qos.sse.subscriber.limit", () -> limit)
                .description("SSE subscribers this instance accepts before answering 503")
                .register(meters);
    }

    @GetMapping("/api/v1/qos/stream")
    @Operation(summary = "Live feed (text/event-stream): samples, meetings, alerts, budget (qos.admin); resumable with Last-Event-ID")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(type = "string")))
    Mono<ResponseEntity<Flux<DataBuffer>>> stream(
            @Parameter(description = "cursor <sampleSeq>-<eventSeq> of the last event received")
            @RequestHeader(name = LAST_EVENT_ID, required = false) @Nullable String lastEventIdHeader,
            @Parameter(description = "the same as the Last-Event-ID header, for clients that cannot set headers")
            @RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParam,
            @RequestParam(required = false) @Nullable String account,
            @RequestParam(required = false) @Nullable String meeting,
            @Parameter(description = "a participant key as this caller gets it (a pseudonym without qos.read.pii)")
            @RequestParam(required = false) @Nullable String participant,
            ServerWebExchange exchange) {
        String last = lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam;
        FeedCursor resume;
        try {
            resume = last == null || last.isBlank() ? null : FeedCursor.parse(last);
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblems.problem(HttpStatus.BAD_REQUEST, "Bad Last-Event-ID",
                    "Last-Event-ID (or lastEventId) must be a cursor <sampleSeq>-<eventSeq> as sent in the id field, e.g. 1042-17"));
        }
        if (active.get() >= limit) {
            return Mono.error(ApiProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many subscribers",
                    "this instance serves at most " + limit + " live subscribers; retry later or on another instance"));
        }
        return Mono.zip(personalData.reader(exchange), scopes.of(exchange)).flatMap(caller -> {
            PersonalData.Reader reader = caller.getT1();
            boolean admin = caller.getT2().contains(Scopes.ADMIN);
            // Without qos.read.pii the caller knows participants by their pseudonyms only.
            FeedFilter filter = new FeedFilter(account, meeting, reader.participantFilter(participant));
            return admission.admit(SubscriberKeyResolver.keyOf(exchange), resume != null)
                    .flatMap(decision -> decision instanceof StreamAdmission.Admitted a
                            ? Mono.just(open(filter, resume, a, reader.feed(), admin, exchange))
                            : Mono.error(refused((StreamAdmission.Refused) decision)));
        });
    }

    private ResponseEntity<Flux<DataBuffer>> open(FeedFilter filter, @Nullable FeedCursor resume,
                                                  StreamAdmission.Admitted admitted, @Nullable ReadPseudonyms pseudonyms,
                                                  boolean admin, ServerWebExchange exchange) {
        // Counted from when the body is subscribed until it ends, so a client gone before its body
        // was written never holds a place (the limit is a soft bound under concurrent connects).
        // A subscriber filtered on one meeting watches it: the planner keeps that meeting's interval.
        String watched = filter.meetingUuid();
        Flux<SseFrame> frames = Flux.defer(() -> {
            active.incrementAndGet();
            if (watched != null) {
                watchers.opened(watched);
            }
            return stream.open(filter, resume, admitted.replay(), pseudonyms).doFinally(s -> {
                active.decrementAndGet();
                if (watched != null) {
                    watchers.closed(watched);
                }
            });
        });
        if (!admin) {
            // Budget events are what /api/v1/budget shows: for qos.admin only. They carry no cursor position.
            frames = frames.filter(f -> !BUDGET.equals(f.event()));
        }
        // The admission's places are given back when the exchange ends, however it ends: also when the
        // body was never subscribed because the client had gone (release is idempotent).
        Flux<DataBuffer> body = encode(frames, exchange.getResponse().bufferFactory()).doFinally(s -> admitted.release());
        ExchangeEnd.onEnd(exchange, admitted::release);
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .body(body);
    }

    private static ErrorResponseException refused(StreamAdmission.Refused r) {
        ErrorResponseException e = ApiProblems.problem(r.status(), r.title(), r.detail());
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, r.retryAfter().toSeconds())));
        return e;
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
}
