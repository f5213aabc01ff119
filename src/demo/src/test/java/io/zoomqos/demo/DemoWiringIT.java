package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import io.zoomqos.simulator.SimMeeting;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.simulator.SimulatorApplication;
import io.zoomqos.simulator.WebhookSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The demo's wiring: the simulator serves on the collector's own server, the
 * collector's {@link ZoomEndpoints} point at it, and its webhooks (here to a MockWebServer, since
 * /webhooks/zoom is another feature) are signed with the account's secret.
 */
@DirtiesContext // closes the context (and its webhook driver) before the receiver goes away
class DemoWiringIT extends CollectorIntegrationTest {

    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private static MockWebServer receiver;

    @DynamicPropertySource
    static void simulator(DynamicPropertyRegistry registry) {
        receiver = new MockWebServer(); // answers every webhook 200
        try {
            receiver.start(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        registry.add("qos.simulator.time-scale", () -> "60");
        registry.add("qos.time-scale", () -> "60");
        // As in the demo (application-demo.yml): simulated data only, so it runs open.
        registry.add("qos.auth.disabled", () -> "true");
        registry.add("qos.simulator.webhook-tick", () -> "100ms");
        registry.add("qos.simulator.webhook-url", () -> receiver.url("/webhooks/zoom").toString());
    }

    @AfterAll
    static void stopReceiver() {
        // JUnit runs this after Spring's class-level DirtiesContext has closed the context.
        receiver.close();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ZoomEndpoints endpoints;

    @Autowired
    SimulatedZoom zoom;

    @Autowired
    ApplicationContext context;

    @Value("${local.server.port}")
    int port;

    @Test
    void theCollectorsZoomEndpointsPointAtTheSimulatorOnItsOwnPort() {
        assertThat(endpoints.apiUrl()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/simulator/v2"));
        assertThat(endpoints.oauthUrl()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/simulator"));
        assertThat(context.getBeanNamesForType(SimulatorApplication.class))
                .as("the standalone launcher is not part of the demo").isEmpty();
        assertThat(context.getBeanNamesForType(SimulatedZoom.class)).hasSize(1);
    }

    @Test
    void servesTokensAndQosThroughTheRouter() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("any:thing".getBytes(StandardCharsets.UTF_8));
        byte[] token = web.post()
                .uri(URI.create(endpoints.oauthUrl() + "/oauth/token?grant_type=account_credentials&account_id=AbCdEfGhIjKlMnOpQrStUv"))
                .header("Authorization", basic)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.token_type").isEqualTo("bearer").returnResult().getResponseBody();
        String bearer = "Bearer " + JSON.readTree(token).get("access_token").asString();

        SimMeeting m = zoom.groundTruth().meetings().get(0);
        web.get().uri(URI.create(endpoints.apiUrl() + "/metrics/meetings/" + doubleEncoded(m.uuid())
                        + "/participants/qos?page_size=10"))
                .header("Authorization", bearer)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Category", "Heavy")
                .expectBody().jsonPath("$.participants[0].user_qos").isArray();
        web.get().uri(URI.create(endpoints.apiUrl() + "/metrics/meetings/1/participants/qos"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo(124);

        byte[] summary = web.get().uri("/simulator/admin/summary").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        JsonNode s = JSON.readTree(summary);
        assertThat(s.get("accounts").get("AbCdEfGhIjKlMnOpQrStUv").get("heavy_admitted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(s.get("time_scale").asDouble()).isEqualTo(60.0);
        web.get().uri("/simulator/admin/meetings").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].uuid").isEqualTo(m.uuid());
    }

    @Test
    void sendsSignedWebhooksWithTheAccountsSecret() throws InterruptedException {
        RecordedRequest first = receiver.takeRequest(20, TimeUnit.SECONDS);
        assertThat(first).as("a webhook within 20 s").isNotNull();
        String body = first.getBody().utf8();
        JsonNode event = JSON.readTree(body);
        String account = event.get("payload").get("account_id").asString();
        String secret = account.equals("AbCdEfGhIjKlMnOpQrStUv") ? "fixture-secret-token-NOT-REAL"
                : "second-account-secret-NOT-REAL";
        long ts = Long.parseLong(first.getHeaders().get("x-zm-request-timestamp"));
        assertThat(first.getHeaders().get("x-zm-signature")).isEqualTo(WebhookSigner.sign(secret, ts, body));
        assertThat(Math.abs(ts - System.currentTimeMillis() / 1000)).as("real unix seconds").isLessThan(60);
        assertThat(event.get("event").asString()).startsWith("meeting.");
    }

    /** Zoom's rule for UUIDs in paths: encode twice. */
    private static String doubleEncoded(String uuid) {
        return enc(enc(uuid));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
