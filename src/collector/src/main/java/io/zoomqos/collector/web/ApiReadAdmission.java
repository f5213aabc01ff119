package io.zoomqos.collector.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.store.DatabaseProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolAcquirePendingLimitException;
import reactor.pool.PoolAcquireTimeoutException;
import reactor.pool.PoolBuilder;
import reactor.pool.PooledRef;
import reactor.core.scheduler.Schedulers;

/**
 * A bulkhead for the HTTP API: at most {@code qos.db.api-reads-max} requests are served at once,
 * up to {@code api-reads-queue} more wait (each at most {@code api-reads-wait}), the rest get 503
 * with {@code Retry-After}. The API reads through the main connection pool, which the webhook and
 * QSS writers need; without this, enough readers (a few CSV exports, a dashboard refreshing
 * many meetings) could hold every connection and turn Zoom's webhooks into 503s. The slots are
 * Reactor Pool's (already here under R2DBC's pool): non-blocking, with a bounded wait queue.
 *
 * <p>Runs after sign-in (it is ordered after Spring Security's filter chain), so an anonymous
 * caller never takes a slot. The SSE stream is not counted: it is long-lived, has its own
 * admission and reads through the live feed's own pool.
 */
@Component
class ApiReadAdmission implements WebFilter {

    private static final String API = "/api/";
    private static final String STREAM = "/api/v1/qos/stream";
    private static final byte[] BUSY = ("{\"type\":\"about:blank\",\"title\":\"Service busy\",\"status\":503,"
            + "\"detail\":\"too many API requests at once; retry shortly\"}").getBytes(StandardCharsets.UTF_8);

    private final InstrumentedPool<Boolean> slots;
    private final Duration wait;
    private final Counter refused;

    ApiReadAdmission(DatabaseProperties db, MeterRegistry meters) {
        this.slots = PoolBuilder.from(Mono.just(Boolean.TRUE))
                .sizeBetween(0, db.apiReadsMax())
                .maxPendingAcquire(db.apiReadsQueue())
                // The wait's timer looked up when it starts (not the pool's own, fixed at class
                // loading), so tests run it in virtual time.
                .pendingAcquireTimer((task, delay) -> Schedulers.parallel().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS))
                .buildPool();
        this.wait = db.apiReadsWait();
        this.refused = Counter.builder("qos.api.refused")
                .description("API requests answered 503 because api-reads-max were being served and the queue was full or too slow")
                .register(meters);
        meters.gauge("qos.api.in.flight", slots.metrics(), InstrumentedPool.PoolMetrics::acquiredSize);
        meters.gauge("qos.api.waiting", slots.metrics(), InstrumentedPool.PoolMetrics::pendingAcquireSize);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(API) || path.startsWith(STREAM)) {
            return chain.filter(exchange);
        }
        return Mono.usingWhen(slots.acquire(wait), slot -> chain.filter(exchange), PooledRef::release,
                        (slot, error) -> slot.release(), PooledRef::release)
                .onErrorResume(ApiReadAdmission::noSlot, e -> busy(exchange.getResponse()));
    }

    private static boolean noSlot(Throwable e) {
        return e instanceof PoolAcquirePendingLimitException || e instanceof PoolAcquireTimeoutException;
    }

    private Mono<Void> busy(ServerHttpResponse response) {
        refused.increment();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(BUSY)));
    }
}
