package io.zoomqos.collector.live;

import org.springframework.http.HttpHeaders;
import io.zoomqos.collector.support.ItAuthentication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import io.zoomqos.collector.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Readers cannot starve writers: 50 clients resume from {@code 0-0} at once while webhooks arrive;
 * every webhook is stored (no 503), replays past the instance limit are refused with 503 +
 * Retry-After, and every replay place is given back. No timing is asserted here: the ratio of
 * webhook latencies is measured by {@code io.zoomqos.bench.ReplayIsolationBench}.
 */
@TestPropertySource(properties = {"qos.live.replay-max=1500", "qos.live.limits.per-client=500",
        "qos.live.limits.replay-concurrency=4"})
class QosStreamReplayLimitIT extends CollectorIntegrationTest {

    private static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";
    private static final String SECRET = "fixture-secret-token-NOT-REAL";

    @Autowired
    DatabaseClient db;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    @Test
    void webhooksAreAllStoredWhileFiftyClientsReplayFromTheStart() {
        db.sql("SELECT qos_sample_ensure_partition(current_date)").then().block(Duration.ofSeconds(30));
        db.sql("INSERT INTO qos_sample (meeting_uuid, participant_key, minute, audio_input_latency_ms)"
                        + " SELECT 'replay-meeting', 'u:' || g, date_trunc('minute', now()), g FROM generate_series(1, 2000) g")
                .then().block(Duration.ofSeconds(30));
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, ItAuthentication.AUTHORIZATION)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();

        Mono<List<Integer>> replays = Flux.range(0, 50)
                .flatMap(i -> client.get().uri("/api/v1/qos/stream?lastEventId=0-0").accept(MediaType.TEXT_EVENT_STREAM)
                        .exchangeToMono(r -> r.statusCode().value() == 200
                                // The replay of 1,500 rows ends with 'lagged' (replay-max), which closes the stream.
                                ? r.bodyToFlux(String.class).count().map(n -> n >= 1500 ? 200 : -200)
                                : r.releaseBody().thenReturn(r.headers().header("Retry-After").isEmpty()
                                        ? -r.statusCode().value() : r.statusCode().value())), 50)
                .collectList();
        String meeting = "/" + UUID.randomUUID().toString().replace("-", "").substring(0, 20) + "+r==";
        long ts = Instant.now().toEpochMilli();
        Mono<List<Integer>> webhooks = Flux.range(0, 40)
                .delayElements(Duration.ofMillis(20))
                .flatMap(i -> postJoined(client, meeting, "r" + i, ts + i), 40)
                .collectList();

        Map.Entry<List<Integer>, List<Integer>> result = Mono.zip(replays, webhooks, Map::entry).block(Duration.ofMinutes(3));

        assertThat(result.getValue()).as("webhook statuses while replaying").hasSize(40).containsOnly(200);
        assertThat(result.getKey()).as("replay statuses: served whole, or refused with Retry-After")
                .hasSize(50).containsAnyOf(200).allMatch(s -> s == 200 || s == 503);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> meters.get("qos.sse.replays").gauge().value() == 0.0);
    }

    private static Mono<Integer> postJoined(WebClient client, String meeting, String userId, long eventTs) {
        String body = "{\"event\":\"meeting.participant_joined\",\"event_ts\":" + eventTs + ",\"payload\":{\"account_id\":\""
                + ACCOUNT + "\",\"object\":{\"id\":\"4242\",\"uuid\":\"" + meeting + "\",\"participant\":{\"user_id\":\""
                + userId + "\"}}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String now = Long.toString(Instant.now().getEpochSecond());
        return client.post().uri("/webhooks/zoom").contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.TIMESTAMP_HEADER, now)
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(SECRET, now, bytes))
                .bodyValue(bytes)
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()));
    }
}
