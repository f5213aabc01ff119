package io.zoomqos.simulator;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The simulator on its own Reactor Netty server on 127.0.0.1, without Spring: for benchmarks and
 * tests that run it in-process. {@code try (var sim = SimulatorServer.start(props, accounts)) {...}};
 * point a client at {@link #apiUrl()} / {@link #oauthUrl()}; check {@code sim.zoom().groundTruth()}
 * and {@code sim.zoom().requestLog()}. Webhooks are sent when {@code webhook-enabled} and a
 * {@code webhook-url} are set; the events of {@code websocket-accounts} go to {@link #wsUrl()}.
 */
public final class SimulatorServer implements AutoCloseable {

    private final SimulatedZoom zoom;
    private final DisposableServer server;
    private final WebhookDriver webhooks;
    private final SimulatedEventSocket events;

    private SimulatorServer(SimulatedZoom zoom, DisposableServer server, WebhookDriver webhooks, SimulatedEventSocket events) {
        this.zoom = zoom;
        this.server = server;
        this.webhooks = webhooks;
        this.events = events;
    }

    /** On a random free port, real clock. */
    public static SimulatorServer start(SimulatorProperties properties, List<SimulatedZoom.Account> accounts) {
        return start(properties, accounts, Clock.systemUTC(), 0);
    }

    public static SimulatorServer start(SimulatorProperties properties, List<SimulatedZoom.Account> accounts,
                                        Clock realClock, int port) {
        return start(properties, accounts, realClock, port, List.of());
    }

    /** Playing an explicit schedule of meetings (sorted by start) instead of the generated waves. */
    public static SimulatorServer start(SimulatorProperties properties, List<SimulatedZoom.Account> accounts,
                                        Clock realClock, int port, List<ScheduledMeeting> schedule) {
        SimulatedZoom zoom = new SimulatedZoom(properties, accounts, realClock, schedule);
        WebhookDriver[] driver = new WebhookDriver[1];
        SimulatorRouter router = new SimulatorRouter(zoom, SimulatorRouter.DEFAULT_PREFIX, () -> driver[0]);
        SimulatedEventSocket events = new SimulatedEventSocket(zoom, realClock);
        ReactorHttpHandlerAdapter api = new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(router.routes()));
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes.get(SimulatorRouter.DEFAULT_PREFIX + SimulatedEventSocket.PATH, events::handle)
                        .route(request -> true, api))
                .bindNow();
        String url = properties.webhookUrl();
        if (properties.webhookEnabled() && url != null && !url.isBlank()) {
            driver[0] = new WebhookDriver(zoom, WebClient.create(), URI.create(url.trim()), realClock,
                    Schedulers.parallel()).start();
        }
        events.startDelivery(Schedulers.parallel());
        return new SimulatorServer(zoom, server, driver[0], events);
    }

    public SimulatedZoom zoom() {
        return zoom;
    }

    /** Null unless webhooks are sent. */
    public WebhookDriver webhooks() {
        return webhooks;
    }

    /** The WebSocket event subscription endpoint (publish events, cut connections). */
    public SimulatedEventSocket events() {
        return events;
    }

    /** WebSocket base (for {@code QOS_ZOOM_WS_URL}). */
    public URI wsUrl() {
        return URI.create("ws://127.0.0.1:" + port() + SimulatorRouter.DEFAULT_PREFIX + SimulatedEventSocket.PATH);
    }

    public int port() {
        return server.port();
    }

    /** REST base, e.g. {@code http://127.0.0.1:40123/simulator/v2} (for {@code QOS_ZOOM_API_URL}). */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + port() + SimulatorRouter.DEFAULT_PREFIX + "/v2");
    }

    /** OAuth base (for {@code QOS_ZOOM_OAUTH_URL}); the token endpoint is {@code {oauthUrl}/oauth/token}. */
    public URI oauthUrl() {
        return URI.create("http://127.0.0.1:" + port() + SimulatorRouter.DEFAULT_PREFIX);
    }

    @Override
    public void close() {
        if (webhooks != null) {
            webhooks.close();
        }
        events.close();
        server.disposeNow();
    }
}
