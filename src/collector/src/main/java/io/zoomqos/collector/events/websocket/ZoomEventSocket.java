package io.zoomqos.collector.events.websocket;

import io.zoomqos.collector.config.EventProperties;
import io.zoomqos.collector.events.EventSource;
import io.zoomqos.collector.events.ZoomEventSink;
import io.zoomqos.collector.events.reconcile.ReconcileRequests;
import io.zoomqos.collector.zoom.ZoomClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WebSocket event subscription of one account (docs/zoom-api.md 3.5), kept open while started.
 *
 * <ul>
 *   <li>Each connection carries a fresh S2S token and is closed by us, and reopened at once,
 *       before that token is renewed ({@code min(maxConnectionAge, renewAt - now)}).</li>
 *   <li>The client sends {@code {"module":"heartbeat"}} every {@code heartbeat}; a connection on
 *       which nothing arrives for {@code heartbeatTimeout} is half-open and is dropped.</li>
 *   <li>Any other end of a connection (server close, error, refused handshake) is retried after
 *       a jittered exponential backoff, which starts over once a connection is established.</li>
 *   <li>Every {@code message} frame goes to the {@link ZoomEventSink} (same idempotency as
 *       webhooks; there is no acknowledgement on a socket). Zoom does not redeliver what was sent
 *       while no socket was open, so every established connection asks for a reconciliation.</li>
 * </ul>
 */
final class ZoomEventSocket {

    private static final Logger log = LoggerFactory.getLogger(ZoomEventSocket.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String HEARTBEAT = "{\"module\":\"heartbeat\"}";
    /** Events stored at once from one socket (the group commit batches them). */
    private static final int IN_FLIGHT = 256;

    private final String accountId;
    private final String subscriptionId;
    /** Read per connection: the demo's simulator knows its address only once its server listens. */
    private final Supplier<URI> base;
    private final Function<String, Mono<ZoomClient.AccessToken>> tokens;
    private final ZoomEventSink sink;
    private final ReconcileRequests reconcile;
    private final EventProperties.Websocket settings;
    private final WebSocketClient client;
    private final Scheduler scheduler;
    private final SocketMetrics metrics;
    private final AtomicInteger failures = new AtomicInteger();

    ZoomEventSocket(String accountId, String subscriptionId, Supplier<URI> base, Function<String, Mono<ZoomClient.AccessToken>> tokens,
                    ZoomEventSink sink, ReconcileRequests reconcile, EventProperties.Websocket settings,
                    WebSocketClient client, Scheduler scheduler, SocketMetrics metrics) {
        this.accountId = accountId;
        this.subscriptionId = subscriptionId;
        this.base = base;
        this.tokens = tokens;
        this.sink = sink;
        this.reconcile = reconcile;
        this.settings = settings;
        this.client = client;
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    /** Connects and keeps reconnecting until the handle is disposed (which closes the connection). */
    Disposable start() {
        return Mono.defer(this::connectOnce)
                .flatMap(wait -> Mono.delay(wait, scheduler))
                .repeat()
                .subscribe();
    }

    /** One connection, from token to close; emits how long to wait before the next one. Never fails. */
    Mono<Duration> connectOnce() {
        AtomicBoolean established = new AtomicBoolean();
        return tokens.apply(accountId)
                .flatMap(token -> {
                    Duration life = lifetime(token);
                    URI url = base.get();
                    URI uri = URI.create(url + (url.toString().contains("?") ? "&" : "?") + "subscriptionId="
                            + encode(subscriptionId) + "&access_token=" + encode(token.value()));
                    // Our own planned close (token renewal): the connection simply ends after `life`.
                    return client.execute(uri, session -> session(session, established))
                            .timeout(life, Mono.empty(), scheduler)
                            .thenReturn(Planned.RENEWAL);
                })
                .map(p -> {
                    failures.set(0);
                    metrics.disconnected(accountId, "renewal");
                    return Duration.ZERO;
                })
                .onErrorResume(e -> {
                    String reason = e instanceof TimeoutException ? "heartbeat-timeout"
                            : e instanceof ServerClosedException ? "server-closed" : "error";
                    if (established.get()) {
                        failures.set(0);
                    }
                    Duration wait = backoff(failures.incrementAndGet());
                    log.warn("zoom websocket disconnected account={} reason={} retryIn={} error={}", accountId, reason,
                            wait, e.toString());
                    metrics.disconnected(accountId, reason);
                    return Mono.just(wait);
                });
    }

    private enum Planned { RENEWAL }

    private Mono<Void> session(WebSocketSession session, AtomicBoolean established) {
        Flux<WebSocketMessage> heartbeats = Flux.interval(settings.heartbeat(), settings.heartbeat(), scheduler)
                .map(t -> session.textMessage(HEARTBEAT));
        Mono<Void> inbound = session.receive()
                .map(WebSocketMessage::getPayloadAsText)
                // Half-open: no frame at all (not even a heartbeat answer) for this long.
                .timeout(settings.heartbeatTimeout(), scheduler)
                .flatMap(text -> frame(text, established), IN_FLIGHT)
                .then(Mono.error(new ServerClosedException()));
        return Mono.when(session.send(heartbeats), inbound)
                .doFinally(s -> metrics.connected(accountId, false));
    }

    private Mono<Void> frame(String text, AtomicBoolean established) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (JacksonException e) {
            metrics.frame("unreadable");
            return Mono.empty();
        }
        String module = frame.path("module").asString("");
        switch (module) {
            case "build_connection" -> {
                if (!frame.path("success").asBoolean(false)) {
                    metrics.frame("refused");
                    return Mono.error(new IllegalStateException("zoom refused the connection: " + text));
                }
                metrics.frame(module);
                if (established.compareAndSet(false, true)) {
                    metrics.connected(accountId, true);
                    log.info("zoom websocket connected account={}", accountId);
                    // Nothing sent while we were away is delivered later: ask Zoom what is live.
                    reconcile.request(accountId);
                }
                return Mono.empty();
            }
            case "message" -> {
                metrics.frame(module);
                String content = frame.path("content").asString("");
                return Mono.defer(() -> sink.accept(accountId, content.getBytes(StandardCharsets.UTF_8), EventSource.WEBSOCKET))
                        // A failed store is retried briefly: the socket will not send it again.
                        .retryWhen(Retry.backoff(3, Duration.ofMillis(200)).scheduler(scheduler))
                        .onErrorResume(e -> {
                            metrics.lost(accountId);
                            log.warn("zoom websocket event not stored account={} error={}", accountId, e.toString());
                            return Mono.empty();
                        })
                        .then();
            }
            default -> {
                metrics.frame(module.isEmpty() || module.length() > 32 ? "other" : module);
                return Mono.empty();
            }
        }
    }

    private Duration lifetime(ZoomClient.AccessToken token) {
        Duration untilRenewal = Duration.ofMillis(token.renewAt().toEpochMilli() - scheduler.now(TimeUnit.MILLISECONDS));
        Duration life = untilRenewal.compareTo(settings.maxConnectionAge()) < 0 ? untilRenewal : settings.maxConnectionAge();
        // A token about to be renewed still buys a short connection rather than a tight loop.
        return life.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : life;
    }

    /** first x 2^(n-1), capped, minus up to {@code jitter} of it at random. */
    Duration backoff(int attempt) {
        long first = settings.backoffFirst().toMillis();
        long max = settings.backoffMax().toMillis();
        long wait = first;
        for (int i = 1; i < attempt && wait < max; i++) {
            wait *= 2;
        }
        wait = Math.min(wait, max);
        long jitter = (long) (wait * settings.backoffJitter());
        return Duration.ofMillis(wait - (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The server ended the connection (clean close or EOF). */
    static final class ServerClosedException extends RuntimeException {
        ServerClosedException() {
            super("server closed the connection", null, false, false);
        }
    }
}
