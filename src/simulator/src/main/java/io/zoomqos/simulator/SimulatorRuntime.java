package io.zoomqos.simulator;

import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;

/**
 * Learns the server's actual port when it is up (it may be random), then starts the webhooks:
 * to {@code qos.simulator.webhook-url}, or else to this very server's {@code /webhooks/zoom}; and
 * the WebSocket event delivery of the {@code websocket-accounts}.
 */
public final class SimulatorRuntime implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SimulatorRuntime.class);

    private final SimulatedZoom zoom;
    private final SimulatedEventSocket socket;
    private final Environment environment;
    private volatile int port;
    private volatile WebhookDriver webhooks;

    public SimulatorRuntime(SimulatedZoom zoom, SimulatedEventSocket socket, Environment environment) {
        this.zoom = zoom;
        this.socket = socket;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a management server on its own port, not ours
        }
        port = event.getWebServer().getPort();
        SimulatorProperties p = zoom.properties();
        String configured = p.webhookUrl();
        URI target = configured != null && !configured.isBlank() ? URI.create(configured.trim())
                : URI.create("http://127.0.0.1:" + port + "/webhooks/zoom");
        log.info("simulator playing zoom port={} api={} seed={} timeScale={} meetings={} accounts={}", port,
                baseUrl().resolve(SimulatorRouter.DEFAULT_PREFIX + "/v2"), p.seed(), p.timeScale(), p.meetings(),
                zoom.accounts().size());
        if (p.webhookEnabled() && webhooks == null) {
            webhooks = new WebhookDriver(zoom, WebClient.create(), target, Clock.systemUTC(), Schedulers.parallel())
                    .start();
        }
        socket.startDelivery(Schedulers.parallel());
    }

    /** {@code http://127.0.0.1:{port}}; before the server is up, the configured port. */
    public URI baseUrl() {
        int p = port != 0 ? port : environment.getProperty("server.port", Integer.class, 8080);
        return URI.create("http://127.0.0.1:" + p);
    }

    /** The WebSocket base the collector connects to ({@code QOS_ZOOM_WS_URL}). */
    public URI wsUrl() {
        return URI.create(baseUrl().toString().replace("http:", "ws:") + SimulatorRouter.DEFAULT_PREFIX
                + SimulatedEventSocket.PATH);
    }

    public WebhookDriver webhooks() {
        return webhooks;
    }

    @Override
    public void destroy() {
        WebhookDriver w = webhooks;
        if (w != null) {
            w.close();
        }
        socket.close();
    }
}
