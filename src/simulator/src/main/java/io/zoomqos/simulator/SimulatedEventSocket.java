package io.zoomqos.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Zoom's WebSocket event subscription (docs/zoom-api.md 3.5) as the simulator plays it, at
 * {@code GET {prefix}/ws?subscriptionId=..&access_token=..}: a token this simulator issued is
 * required, the first frame is {@code {"module":"build_connection","success":true}}, each client
 * heartbeat is answered, and {@link #publish} sends an event to every open connection as
 * {@code {"module":"message","content":"<event JSON as a string>"}}. Like Zoom, nothing published
 * while no connection is open is delivered later. Faults for tests: {@link #disconnectAll()}
 * (server closes), {@link #goSilent(boolean)} (half-open: nothing is answered or sent any more).
 */
public final class SimulatedEventSocket {

    public static final String PATH = "/ws";

    private final SimulatedZoom zoom;
    private final Clock clock;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final List<String> tokensUsed = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private volatile boolean silent;

    private record Connection(Sinks.Many<String> out) {
    }

    public SimulatedEventSocket(SimulatedZoom zoom, Clock clock) {
        this.zoom = zoom;
        this.clock = clock;
    }

    /** The Reactor Netty handler of the upgrade request. */
    public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        Map<String, String> query = query(request.uri());
        String token = query.getOrDefault("access_token", "");
        if (query.getOrDefault("subscriptionId", "").isBlank() || zoom.tokenAccount(token, clock.instant()) == null) {
            return response.status(401).send();
        }
        tokensUsed.add(token);
        return response.sendWebsocket(this::session);
    }

    private Publisher<Void> session(WebsocketInbound in, WebsocketOutbound out) {
        connects.incrementAndGet();
        Sinks.Many<String> frames = Sinks.many().unicast().onBackpressureBuffer();
        Connection c = new Connection(frames);
        frames.tryEmitNext("{\"module\":\"build_connection\",\"success\":true}");
        open.add(c);
        Mono<Void> inbound = in.receive().asString(StandardCharsets.UTF_8)
                .doOnNext(text -> {
                    if (text.contains("\"heartbeat\"")) {
                        heartbeats.incrementAndGet();
                        if (!silent) {
                            emit(c, "{\"module\":\"heartbeat\",\"success\":true,\"content\":\"live\"}");
                        }
                    }
                })
                .then();
        // The frames end only when the server closes: then a close frame, as Zoom would send.
        return Mono.when(out.sendString(frames.asFlux()).then().then(Mono.defer(() -> out.sendClose())), inbound)
                .doFinally(s -> open.remove(c));
    }

    /** Sends the event (Zoom's event JSON) to every open connection; false when none is open (it is lost). */
    public boolean publish(String eventJson) {
        if (silent || open.isEmpty()) {
            return false;
        }
        String frame = "{\"module\":\"message\",\"content\":" + Json.write(eventJson) + "}";
        open.forEach(c -> emit(c, frame));
        return true;
    }

    /** Closes every connection from the server's side. */
    public void disconnectAll() {
        open.forEach(c -> c.out().tryEmitComplete());
        open.clear();
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

    /** The access tokens the connections were opened with, in order. */
    public List<String> tokensUsed() {
        return List.copyOf(tokensUsed);
    }

    private static void emit(Connection c, String frame) {
        synchronized (c) {
            c.out().tryEmitNext(frame);
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
