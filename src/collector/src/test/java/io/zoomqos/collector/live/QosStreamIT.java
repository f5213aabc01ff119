package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class QosStreamIT extends CollectorIntegrationTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() { };

    @Autowired
    WebTestClient web;

    @Autowired
    QosFeed feed;

    @Autowired
    LiveEventLog log;

    @LocalServerPort
    int port;

    private Flux<ServerSentEvent<String>> connect(String query, String lastEventId) {
        WebTestClient.RequestHeadersSpec<?> request = web.mutate().responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/api/v1/qos/stream" + query).accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(SSE).getResponseBody();
    }

    private FeedEvent append(FeedEvent.Type type, String meeting, String participant, Object data) {
        return log.append(type, Events.ACCOUNT, meeting, participant, data).block(Duration.ofSeconds(10));
    }

    @Test
    void sendsTheConnectCommentThenEveryEventTypeWithItsIdAndName() {
        StepVerifier.create(connect("?meeting=http-types", null))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("connected"))
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("ready");
                    assertThat(e.id()).matches("\\d+-\\d+");
                    assertThat(e.retry()).isEqualTo(Duration.ofSeconds(2));
                })
                .then(() -> {
                    feed.publish(Events.sample(900_001, "http-types", "p1"));
                    log.append(FeedEvent.Type.MEETING, Events.ACCOUNT, "http-types", null,
                            new MeetingPayload(MeetingPayload.STARTED, 85L, Events.MINUTE))
                            .then(log.append(FeedEvent.Type.SUMMARY, Events.ACCOUNT, "http-types", "p1", Map.of("n", 1)))
                            .then(log.append(FeedEvent.Type.ALERT, Events.ACCOUNT, "http-types", "p1",
                                    new AlertPayload("jitterMs", "video_input", 80, 40, Events.MINUTE)))
                            .doOnNext(e -> feed.publish(FeedEvent.budget(Events.ACCOUNT, Map.of("waiting", 0))))
                            .subscribe();
                })
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("sample");
                    assertThat(e.id()).startsWith("900001-");
                    assertThat(e.data()).contains("\"seq\":900001", "\"latencyMs\":126.0");
                })
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("meeting");
                    assertThat(e.data()).contains("\"state\":\"started\"");
                })
                .assertNext(e -> assertThat(e.event()).isEqualTo("summary"))
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("alert");
                    assertThat(e.data()).contains("\"metric\":\"jitterMs\"");
                })
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("budget");
                    assertThat(e.data()).contains("\"type\":\"budget\"", "\"waiting\":0");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void filtersByMeetingParticipantAndAccount() {
        StepVerifier.create(connect("?account=" + Events.ACCOUNT + "&meeting=http-filter&participant=p1", null)
                        .filter(e -> e.event() != null && !e.event().equals("ready")))
                .then(() -> {
                    feed.publish(Events.sample(800_001, "http-other", "p1"));
                    feed.publish(Events.sample(800_002, "http-filter", "p2"));
                    feed.publish(Events.sample("SecondAccount000000000", 800_003, "http-filter", "p1"));
                    feed.publish(FeedEvent.budget("SecondAccount000000000", "x"));
                    feed.publish(Events.sample(800_004, "http-filter", "p1"));
                    feed.publish(FeedEvent.budget(Events.ACCOUNT, "y"));
                })
                .assertNext(e -> assertThat(e.event() + " " + e.data()).contains("sample", "\"seq\":800004"))
                .assertNext(e -> assertThat(e.event()).isEqualTo("budget"))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void budgetEventsReachOnlyCallersWithTheAdminScope() {
        // The it profile's read-only static token (qos.read): /api/v1/budget answers it 403, so must the feed.
        Flux<ServerSentEvent<String>> readOnly = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/api/v1/qos/stream?meeting=http-budget").accept(MediaType.TEXT_EVENT_STREAM)
                .header("Authorization", "Bearer it-token-read-only-NOT-A-SECRET")
                .exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
        StepVerifier.create(readOnly.filter(e -> e.event() != null && !e.event().equals("ready")))
                .then(() -> {
                    feed.publish(FeedEvent.budget(Events.ACCOUNT, Map.of("waiting", 0)));
                    feed.publish(Events.sample(700_001, "http-budget", "p1"));
                })
                .assertNext(e -> assertThat(e.event() + " " + e.id()).startsWith("sample 700001-"))
                .thenCancel()
                .verify(Duration.ofSeconds(30));

        StepVerifier.create(connect("?meeting=http-budget", null).filter(e -> e.event() != null && !e.event().equals("ready")))
                .then(() -> feed.publish(FeedEvent.budget(Events.ACCOUNT, Map.of("waiting", 0))))
                .assertNext(e -> assertThat(e.event()).isEqualTo("budget"))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void resumesFromLastEventIdHeaderOrQueryParameterWithoutGapOrDuplicate() {
        long e1 = append(FeedEvent.Type.MEETING, "http-resume", null, new MeetingPayload("started", 1L, Events.MINUTE)).seq();
        long e2 = append(FeedEvent.Type.ALERT, "http-resume", "p1", new AlertPayload("a", "audio_input", 1, 0, Events.MINUTE)).seq();
        long e3 = append(FeedEvent.Type.MEETING, "http-resume", null, new MeetingPayload("ended", 1L, Events.MINUTE)).seq();

        StepVerifier.create(connect("?meeting=http-resume", "0-" + e1).filter(e -> e.event() != null))
                .assertNext(e -> assertThat(e.event() + " " + e.id()).isEqualTo("ready 0-" + e1))
                .assertNext(e -> assertThat(e.event() + " " + e.id()).isEqualTo("alert 0-" + e2))
                .assertNext(e -> assertThat(e.event() + " " + e.id()).isEqualTo("meeting 0-" + e3))
                .then(() -> log.append(FeedEvent.Type.MEETING, Events.ACCOUNT, "http-resume", null,
                        new MeetingPayload("swept", 1L, Events.MINUTE)).subscribe())
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("meeting");
                    assertThat(e.data()).contains("swept");
                    assertThat(Long.parseLong(e.id().split("-")[1])).isGreaterThan(e3);
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));

        StepVerifier.create(connect("?meeting=http-resume&lastEventId=0-" + e2, null).filter(e -> e.event() != null))
                .assertNext(e -> assertThat(e.event() + " " + e.id()).isEqualTo("ready 0-" + e2))
                .assertNext(e -> assertThat(e.event() + " " + e.id()).isEqualTo("meeting 0-" + e3))
                .assertNext(e -> assertThat(e.data()).contains("swept"))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void rejectsABadLastEventIdWithProblemJson() {
        web.get().uri("/api/v1/qos/stream").accept(MediaType.TEXT_EVENT_STREAM).header("Last-Event-ID", "yesterday")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.title").isEqualTo("Bad Last-Event-ID")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("<sampleSeq>-<eventSeq>"));
        web.get().uri("/api/v1/qos/stream?lastEventId=1-") .exchange().expectStatus().isBadRequest();
    }
}
