package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import io.zoomqos.collector.support.ItAuthentication;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

@TestPropertySource(properties = "qos.live.subscriber-limit=2")
class QosStreamLimitIT extends CollectorIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    private double subscribers() {
        return meters.get("qos.sse.subscribers").gauge().value();
    }

    @Test
    void answersOverTheLimitWith503ProblemJsonAndCountsSubscribers() {
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, ItAuthentication.AUTHORIZATION).build();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Disposable> streams = List.of(
                client.get().uri("/api/v1/qos/stream").accept(MediaType.TEXT_EVENT_STREAM)
                        .retrieve().bodyToFlux(String.class).subscribe(seen::add),
                client.get().uri("/api/v1/qos/stream").accept(MediaType.TEXT_EVENT_STREAM)
                        .retrieve().bodyToFlux(String.class).subscribe(seen::add));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> subscribers() == 2.0);

            web.get().uri("/api/v1/qos/stream").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status").isEqualTo(503)
                    .jsonPath("$.title").isEqualTo("Too many subscribers");

            streams.get(0).dispose();
            await().atMost(Duration.ofSeconds(10)).until(() -> subscribers() == 1.0);
            web.mutate().responseTimeout(Duration.ofSeconds(10)).build()
                    .get().uri("/api/v1/qos/stream").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isOk();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(seen).as("the held streams were served").isNotEmpty());
        } finally {
            streams.forEach(Disposable::dispose);
        }
    }
}
