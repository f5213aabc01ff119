package io.zoomqos.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.util.concurrent.Queues;

/**
 * Zoom's WebSocket event subscription (docs/zoom-api.md 3.5) as the simulator plays it, at
 * {@code GET {prefix}/ws?subscriptionId=..&access_token=..}: a token this simulator issued is
 * required, the first frame is {@code {"module":"build_connection","success":true}}, each client
 * heartbeat is answered, and each event is sent to the open connections of its account as
 * {@code {"module":"message","content":"<event JSON as a string>"}}. Like Zoom, nothing published
 * while no connection of the account is open is delivered later (it is kept in {@link #undelivered()}).
 *
 * <p>Served on Reactor Netty ({@link #handle}, {@link SimulatorServer}) or inside a Spring WebFlux
 * application ({@link #webHandler()}, the demo). {@link #startDelivery} sends the due events of the
 * accounts whose delivery is {@link SimulatedZoom.Delivery#WEBSOCKET} every {@code webhookTick}.
 * Faults for tests: {@link #disconnectAll()} (server closes), {@link #cut(Duration)} (server closes
 * and refuses new connections for a while), {@link #goSilent(boolean)} (half-open: nothing is
 * answered or sent any more).
 */
public final class SimulatedEventSocket implements AutoCloseable {

    public static final String PATH = "/ws";

    private static final Logger log = LoggerFactory.getLogger(SimulatedEventSocket.class);
    /** Frames waiting for one slow connection; beyond it events count as undelivered. */
    private static final int CONNECTION_BUFFER = 65_536;
    /** Undelivered events kept for inspection; beyond it they are only counted. */
    private static final int UNDELIVERED_KEPT = 10_000;

    private final SimulatedZoom zoom;
    private final Clock clock;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final List<String> tokensUsed = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong undeliveredCount = new AtomicLong();
    private final List<WebhookEvent> undelivered = new ArrayList<>();
    private volatile boolean silent;
    private volatile Instant refusingUntil = Instant.MIN;
    private @Nullable Disposable delivery;

    private record Connection(String accountId, Sinks.Many<String> out) {
    }

    /**
     * @param clock the real clock (tokens and {@link #cut} windows are real time)
     */
    public SimulatedEventSocket(SimulatedZoom zoom, Clock clock) {
        this.zoom = zoom;
        this.clock = clock;
    }

    /** The Reactor Netty handler of the upgrade request. */
    public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String token = query(request.uri()).getOrDefault("access_token", "");
        HttpStatus refusal = refusal(request.uri(), token);
        if (refusal != null) {
            return response.status(refusal.value()).send();
        }
        String account = zoom.tokenAccount(token, clock.instant());
        tokensUsed.add(token);
        return response.sendWebsocket((in, out) -> session(account, in.receive().asString(StandardCharsets.UTF_8),
                frames -> out.sendString(frames).then().then(Mono.defer(out::sendClose))));
    }

    /** The same endpoint for a Spring WebFlux server (mapped at {@code {prefix}/ws}). */
    public WebHandler webHandler() {
        HandshakeWebSocketService handshake = new HandshakeWebSocketService();
        return exchange -> {
            String uri = exchange.getRequest().getURI().toString();
            String token = query(uri).getOrDefault("access_token", "");
            HttpStatus refusal = refusal(uri, token);
            if (refusal != null) {
                return reject(exchange, refusal);
            }
            String account = zoom.tokenAccount(token, clock.instant());
            tokensUsed.add(token);
            return handshake.handleRequest(exchange, session -> session(account,
                    session.receive().map(WebSocketMessage::getPayloadAsText),
                    frames -> session.send(frames.map(session::textMessage)).then(Mono.defer(session::close))));
        };
    }

    /** A handler mapping for {@code /simulator/ws}, ordered before the router functions. */
    public static HandlerMapping mapping(SimulatedEventSocket socket) {
        return new SimpleUrlHandlerMapping(Map.of(SimulatorRouter.DEFAULT_PREFIX + PATH, socket.webHandler()), -1);
    }

    private static Mono<Void> reject(ServerWebExchange exchange, HttpStatus status) {
        exchange.getResponse().setStatusCode(status);
        return exchange.getResponse().setComplete();
    }

    /** Why the upgrade is refused: 401 without a subscription id or a valid token, 503 during a {@link #cut}. */
    private @Nullable HttpStatus refusal(String uri, String token) {
        if (query(uri).getOrDefault("subscriptionId", "").isBlank() || zoom.tokenAccount(token, clock.instant()) == null) {
            return HttpStatus.UNAUTHORIZED;
        }
        if (clock.instant().isBefore(refusingUntil)) {
            refused.incrementAndGet();
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return null;
    }

    /** One connection of the account: {@code send} writes the frames given until they end (the server closes). */
    Mono<Void> session(String accountId, Flux<String> inbound, Function<Flux<String>, Mono<Void>> send) {
        connects.incrementAndGet();
        Sinks.Many<String> frames = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(CONNECTION_BUFFER).get());
        Connection c = new Connection(accountId, frames);
        frames.tryEmitNext("{\"module\":\"build_connection\",\"success\":true}");
        open.add(c);
        Mono<Void> received = inbound
                .doOnNext(text -> {
                    if (text.contains("\"heartbeat\"")) {
                        heartbeats.incrementAndGet();
                        if (!silent) {
                            emit(c, "{\"module\":\"heartbeat\",\"success\":true,\"content\":\"live\"}");
                        }
                    }
                })
                // The client went away: nothing more is sent on this connection.
                .doFinally(s -> {
                    open.remove(c);
                    c.out().tryEmitComplete();
                })
                .then();
        // The frames end only when the server closes: then a close frame, as Zoom would send.
        return Mono.when(send.apply(frames.asFlux()), received)
                .doFinally(s -> open.remove(c));
    }

    /** Sends the event (Zoom's event JSON) to every open connection; false when none is open (it is lost). */
    public boolean publish(String eventJson) {
        if (silent || open.isEmpty()) {
            return false;
        }
        String frame = frame(eventJson);
        open.forEach(c -> emit(c, frame));
        return true;
    }

    /** Sends the event to the open connections of its account; when there is none it is lost, as at Zoom. */
    public boolean publish(WebhookEvent event) {
        boolean sent = false;
        if (!silent) {
            String frame = frame(event.body());
            for (Connection c : open) {
                if (c.accountId().equals(event.accountId())) {
                    sent |= emit(c, frame);
                }
            }
        }
        if (sent) {
            delivered.incrementAndGet();
        } else {
            undeliveredCount.incrementAndGet();
            synchronized (undelivered) {
                if (undelivered.size() < UNDELIVERED_KEPT) {
                    undelivered.add(event);
                }
            }
        }
        return sent;
    }

    /**
     * Sends the due events of the WebSocket-delivery accounts every {@code webhookTick} of the
     * scheduler (virtual time in tests), from the first connection on; a no-op when no account
     * uses WebSocket delivery.
     */
    public synchronized SimulatedEventSocket startDelivery(Scheduler scheduler) {
        boolean any = zoom.accounts().stream().anyMatch(a -> zoom.delivery(a.id()) == SimulatedZoom.Delivery.WEBSOCKET);
        if (any && delivery == null) {
            Duration tick = zoom.properties().webhookTick();
            log.info("simulator websocket events started tick={} timeScale={}", tick, zoom.properties().timeScale());
            delivery = Flux.interval(tick, tick, scheduler)
                    .onBackpressureDrop()
                    // Until the first connection the events wait (delivered late, as the webhook
                    // driver's first batch is): the scenario runs from the simulator's start, which
                    // comes before the collector's first connection. From then on, like Zoom, what
                    // finds no open connection is lost.
                    .filter(t -> connects.get() > 0)
                    .subscribe(t -> zoom.drainDue(SimulatedZoom.Delivery.WEBSOCKET).forEach(this::publish));
        }
        return this;
    }

    /** Closes every connection from the server's side. */
    public void disconnectAll() {
        open.forEach(c -> c.out().tryEmitComplete());
        open.clear();
    }

    /**
     * A network cut: every connection is closed and new ones are refused (503) for {@code downFor}
     * of real time, so the events of that time are never delivered.
     */
    public void cut(Duration downFor) {
        cuts.incrementAndGet();
        refusingUntil = clock.instant().plus(downFor);
        log.info("simulator websocket cut open={} downFor={}", open.size(), downFor);
        disconnectAll();
    }

    /** Half-open: the connections stay, but nothing is answered or sent any more. */
    public void goSilent(boolean silent) {
        this.silent = silent;
    }

    public int openConnections() {
        return open.size();
    }

    public int connects() {
        return connects.get();
    }

    public int heartbeatsReceived() {
        return heartbeats.get();
    }

    /** {@link #cut}s so far. */
    public int cuts() {
        return cuts.get();
    }

    /** Connection attempts refused during a {@link #cut}. */
    public int refusedConnects() {
        return refused.get();
    }

    /** Events sent to at least one connection by {@link #publish(WebhookEvent)}. */
    public long delivered() {
        return delivered.get();
    }

    /** Events {@link #publish(WebhookEvent)} could send to no connection (the first {@value #UNDELIVERED_KEPT}). */
    public List<WebhookEvent> undelivered() {
        synchronized (undelivered) {
            return List.copyOf(undelivered);
        }
    }

    /** How many events could be sent to no connection. */
    public long undeliveredCount() {
        return undeliveredCount.get();
    }

    /** The access tokens the connections were opened with, in order. */
    public List<String> tokensUsed() {
        return List.copyOf(tokensUsed);
    }

    @Override
    public synchronized void close() {
        if (delivery != null) {
            delivery.dispose();
            delivery = null;
        }
        disconnectAll();
    }

    private static String frame(String eventJson) {
        return "{\"module\":\"message\",\"content\":" + Json.write(eventJson) + "}";
    }

    private static boolean emit(Connection c, String frame) {
        synchronized (c) {
            return c.out().tryEmitNext(frame).isSuccess();
        }
    }

    private static Map<String, String> query(String uri) {
        Map<String, String> m = new java.util.HashMap<>();
        int q = uri.indexOf('?');
        if (q < 0) {
            return m;
        }
        for (String pair : uri.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }
}
