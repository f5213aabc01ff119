package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNT;
import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/** The in-process server over real HTTP: routing of encoded paths, limits, admin, webhooks. */
class SimulatorServerIT {

    private final MutableClock real = new MutableClock(START);

    private static ResponseEntity<String> exchange(WebClient.RequestHeadersSpec<?> spec) {
        return spec.exchangeToMono(r -> r.toEntity(String.class)).block(Duration.ofSeconds(10));
    }

    @Test
    void servesZoomOverHttpAndKeepsDoubleEncodedUuidsIntact() {
        SimulatorProperties props = SimFixtures.small().perSecondLimit(3).webhookEnabled(false).build();
        try (SimulatorServer sim = SimulatorServer.start(props, ACCOUNTS, real, 0)) {
            real.advance(Duration.ofMinutes(5));
            WebClient client = WebClient.create();
            String basic = "Basic " + Base64.getEncoder().encodeToString("c:s".getBytes(StandardCharsets.UTF_8));
            ResponseEntity<String> token = exchange(client.post()
                    .uri(URI.create(sim.oauthUrl() + "/oauth/token?grant_type=account_credentials&account_id=" + ACCOUNT))
                    .header("Authorization", basic));
            assertThat(token.getStatusCode().value()).isEqualTo(200);
            String bearer = "Bearer " + SimFixtures.JSON.readTree(token.getBody()).get("access_token").asString();

            SimMeeting m = sim.zoom().groundTruth().meetings().get(0);
            assertThat(m.uuid()).startsWith("/");
            URI qos = URI.create(sim.apiUrl() + "/metrics/meetings/" + SimFixtures.doubleEncoded(m.uuid())
                    + "/participants/qos?page_size=10");
            ResponseEntity<String> ok = exchange(client.get().uri(qos).header("Authorization", bearer));
            assertThat(ok.getStatusCode().value()).isEqualTo(200);
            assertThat(ok.getHeaders().getContentType().toString()).startsWith("application/json");
            assertThat(ok.getHeaders().getFirst("X-RateLimit-Category")).isEqualTo("Heavy");
            JsonNode body = SimFixtures.JSON.readTree(ok.getBody());
            assertThat(body.get("participants").size()).isPositive();
            assertThat(sim.zoom().requestLog().last(1).get(0).path()).contains("%252F");

            URI once = URI.create(sim.apiUrl() + "/metrics/meetings/" + SimFixtures.enc(m.uuid()) + "/participants/qos");
            assertThat(exchange(client.get().uri(once).header("Authorization", bearer)).getStatusCode().value()).isEqualTo(404);
            exchange(client.get().uri(qos).header("Authorization", bearer));
            ResponseEntity<String> limited = exchange(client.get().uri(qos).header("Authorization", bearer));
            assertThat(limited.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(429));
            assertThat(limited.getHeaders().getFirst("X-RateLimit-Type")).isEqualTo("QPS");
            assertThat(limited.getBody()).contains("per-second rate limit");

            ResponseEntity<String> summary = exchange(client.get().uri(URI.create(sim.oauthUrl() + "/admin/summary")));
            JsonNode s = SimFixtures.JSON.readTree(summary.getBody());
            assertThat(s.get("accounts").get(ACCOUNT).get("per_second_rejected").asInt()).isEqualTo(1);
            assertThat(s.get("accounts").get(ACCOUNT).get("heavy_admitted").asInt()).isEqualTo(3);
            ResponseEntity<String> requests = exchange(client.get().uri(URI.create(sim.oauthUrl() + "/admin/requests?limit=2")));
            assertThat(SimFixtures.JSON.readTree(requests.getBody()).size()).isEqualTo(2);
        }
    }

    @Test
    void sendsSignedWebhooksToTheConfiguredUrl() throws InterruptedException {
        MockWebServer receiver = WebhookReceiver.start();
        try {
            SimulatorProperties props = SimFixtures.small().webhookUrl(receiver.url("/webhooks/zoom").toString())
                    .webhookTick(Duration.ofMillis(50)).build();
            try (SimulatorServer sim = SimulatorServer.start(props, ACCOUNTS, real, 0)) {
                real.advance(Duration.ofMinutes(1));
                RecordedRequest first = receiver.takeRequest(10, TimeUnit.SECONDS);
                assertThat(first).isNotNull();
                assertThat(first.getMethod()).isEqualTo("POST");
                assertThat(first.getTarget()).isEqualTo("/webhooks/zoom");
                String body = first.getBody().utf8();
                String ts = first.getHeaders().get("x-zm-request-timestamp");
                assertThat(ts).isEqualTo(Long.toString(START.plus(Duration.ofMinutes(1)).getEpochSecond()));
                assertThat(first.getHeaders().get("x-zm-signature"))
                        .isEqualTo(WebhookSigner.sign("fixture-secret-token-NOT-REAL", Long.parseLong(ts), body));
                assertThat(SimFixtures.JSON.readTree(body).get("event").asString()).isEqualTo("meeting.started");
            }
        } finally {
            receiver.close();
        }
    }
}
