package io.zoomqos.collector.events.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.config.EventProperties;
import io.zoomqos.collector.events.EventSource;
import io.zoomqos.collector.events.Fixtures;
import io.zoomqos.collector.events.ZoomEventSink;
import io.zoomqos.collector.zoom.ZoomClient;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.simulator.SimulatorProperties;
import io.zoomqos.simulator.SimulatorServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket client against the simulator's event endpoint over a real socket; its own timers
 * (heartbeat, half-open detection, connection age, backoff) run on virtual time, advanced by the
 * test once the network has answered.
 */
class ZoomEventSocketIT {

    private static final String ACCOUNT = "ws-account";
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);
    private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(2);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> stored = new CopyOnWriteArrayList<>();
    private final List<String> reconciles = new CopyOnWriteArrayList<>();
    private SimulatorServer sim;
    private Disposable running;

    @BeforeEach
    void start() {
        sim = SimulatorServer.start(SimulatorProperties.builder().meetings(1).webhookEnabled(false).build(),
                List.of(new SimulatedZoom.Account(ACCOUNT, "secret")));
        EventProperties.Websocket settings = new EventProperties.Websocket(sim.wsUrl(), "sub-1", null, HEARTBEAT,
                Duration.ofSeconds(75), Duration.ofMinutes(55), Duration.ofSeconds(1), Duration.ofMinutes(2), 0.0);
        ZoomEventSink sink = (account, body, source) -> {
            assertThat(source).isEqualTo(EventSource.WEBSOCKET);
            stored.add(account + " " + new String(body, StandardCharsets.UTF_8));
            return Mono.just(ZoomEventSink.Outcome.STORED);
        };
        ZoomEventSocket socket = new ZoomEventSocket(ACCOUNT, "sub-1", sim::wsUrl, this::token, sink, reconciles::add,
                settings, new ReactorNettyWebSocketClient(), time, new SocketMetrics(meters));
        running = socket.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> connectedGauge() == 1.0);
    }

    @AfterEach
    void stop() {
        running.dispose();
        sim.close();
    }

    /** A real token from the simulator, said to be renewed TOKEN_RENEWAL from (virtual) now. */
    private Mono<ZoomClient.AccessToken> token(String account) {
        String basic = "Basic " + Base64.getEncoder().encodeToString("c:s".getBytes(StandardCharsets.UTF_8));
        return WebClient.create().post()
                .uri(URI.create(sim.oauthUrl() + "/oauth/token?grant_type=account_credentials&account_id=" + account))
                .header("Authorization", basic)
                .retrieve().bodyToMono(String.class)
                .map(body -> new ZoomClient.AccessToken(JsonMapper.builder().build().readTree(body).get("access_token").asString(),
                        Instant.ofEpochMilli(time.now(TimeUnit.MILLISECONDS)).plus(TOKEN_RENEWAL)));
    }

    @Test
    void connectsWithATokenThenHandsEveryEventToTheSinkAndAsksForAReconciliation() {
        String event = JsonMapper.builder().build().readTree(Fixtures.zoom("websocket.frames.json"))
                .get("server_event").get("content").asString();

        assertThat(sim.events().publish(event)).isTrue();

        await().atMost(10, TimeUnit.SECONDS).until(() -> stored.size() == 1);
        assertThat(stored).containsExactly(ACCOUNT + " " + event);
        assertThat(reconciles).containsExactly(ACCOUNT);
        assertThat(sim.events().tokensUsed()).hasSize(1);
    }

    @Test
    void sendsHeartbeatsAndStaysConnectedWhileTheyAreAnswered() {
        heartbeats(3); // 90 s: beyond the 75 s half-open limit, kept alive by the answers

        assertThat(sim.events().heartbeatsReceived()).isEqualTo(3);
        assertThat(sim.events().connects()).isEqualTo(1);
        assertThat(gaps()).isZero();
    }

    @Test
    void reconnectsWithAFreshTokenBeforeTheTokenIsRenewed() {
        heartbeats(3);
        time.advanceTimeBy(TOKEN_RENEWAL.minus(HEARTBEAT.multipliedBy(3)));

        await().atMost(10, TimeUnit.SECONDS).until(() -> sim.events().connects() == 2 && connectedGauge() == 1.0);
        assertThat(sim.events().tokensUsed()).hasSize(2).doesNotHaveDuplicates();
        assertThat(count("qos.zoom.ws.reconnects", "reason", "renewal")).isEqualTo(1.0);
        assertThat(gaps()).as("a planned renewal is not counted as a gap").isZero();
        assertThat(reconciles).hasSize(2);
    }

    @Test
    void aServerCloseIsAGapRetriedAfterTheBackoffThenReconciled() {
        sim.events().disconnectAll();

        await().atMost(10, TimeUnit.SECONDS).until(() -> gaps() == 1.0);
        assertThat(count("qos.zoom.ws.reconnects", "reason", "server-closed")).isEqualTo(1.0);
        assertThat(sim.events().connects()).isEqualTo(1);

        time.advanceTimeBy(Duration.ofSeconds(1));

        await().atMost(10, TimeUnit.SECONDS).until(() -> sim.events().connects() == 2 && connectedGauge() == 1.0);
        assertThat(reconciles).containsExactly(ACCOUNT, ACCOUNT);
    }

    @Test
    void aHalfOpenSocketIsDetectedByMissingHeartbeatAnswersAndReplaced() {
        sim.events().goSilent(true);
        time.advanceTimeBy(Duration.ofSeconds(75));

        await().atMost(10, TimeUnit.SECONDS).until(() -> count("qos.zoom.ws.reconnects", "reason", "heartbeat-timeout") == 1.0);
        assertThat(gaps()).isEqualTo(1.0);

        sim.events().goSilent(false);
        time.advanceTimeBy(Duration.ofSeconds(1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> sim.events().connects() == 2 && connectedGauge() == 1.0);
    }

    /** Advances one heartbeat interval at a time, each time until the simulator's answer has arrived. */
    private void heartbeats(int n) {
        for (int i = 1; i <= n; i++) {
            time.advanceTimeBy(HEARTBEAT);
            int expected = i;
            await().atMost(10, TimeUnit.SECONDS).until(() -> count("qos.zoom.ws.frames", "module", "heartbeat") == expected);
        }
    }

    private double connectedGauge() {
        var g = meters.find("qos.zoom.ws.connected").tag("account", ACCOUNT).gauge();
        return g == null ? 0.0 : g.value();
    }

    private double gaps() {
        Counter c = meters.find("qos.zoom.ws.gaps").counter();
        return c == null ? 0.0 : c.count();
    }

    private double count(String name, String tag, String value) {
        Counter c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0.0 : c.count();
    }
}
