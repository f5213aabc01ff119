package io.zoomqos.collector.zoom;

import io.zoomqos.collector.support.MutableClock;
import static io.zoomqos.collector.zoom.FakeZoomServer.json;
import static io.zoomqos.collector.zoom.ZoomClients.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.ratelimit.Priority;
import io.zoomqos.collector.ratelimit.RateLimitSignal;
import io.zoomqos.collector.qos.StreamKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The client against Zoom on loopback: requests sent, pages walked, failures mapped, budget told. */
class ZoomClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2025-03-10T14:30:00Z");
    private static final String PAGE1 = Fixtures.zoom("metrics.meetings.participants.qos.page1.json");
    private static final String PAGE2 = Fixtures.zoom("metrics.meetings.participants.qos.page2.json");
    private static final String TOKEN_EXPIRED =
            "{\"code\":300,\"message\":\"The next page token is either invalid or expired.\"}";

    private FakeZoomServer zoom;
    private final FakeAccountBudgets budgets = new FakeAccountBudgets(ACCOUNT);
    private final FakeAccountBudgets.FakeBudget budget = budgets.of(ACCOUNT);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(NOW);
    private ZoomClient client;

    @BeforeEach
    void start() throws IOException {
        zoom = new FakeZoomServer();
        client = client(1);
    }

    private ZoomClient client(int maxPageTokenRestarts) {
        return ZoomClients.client(zoom, budgets,
                ZoomClients.properties(1, Duration.ofMillis(1), Duration.ofSeconds(10), maxPageTokenRestarts),
                registry, clock, Schedulers.parallel());
    }

    @AfterEach
    void stop() {
        zoom.close();
    }

    @Test
    void sendsTheQosListRequestWithBearerToken() {
        zoom.enqueue(json(200, PAGE2));

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "85746065432", MetricsType.LIVE, null))
                .assertNext(page -> assertThat(page.participants()).hasSize(1))
                .expectComplete().verify(WAIT);

        assertThat(zoom.apiTarget(0)).isEqualTo("/v2/metrics/meetings/85746065432/participants/qos?type=live&page_size=10");
        assertThat(zoom.apiRequests.get(0).getMethod()).isEqualTo("GET");
        assertThat(zoom.apiRequests.get(0).getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(budget.acquired).hasValue(1);
    }

    @Test
    void doubleEncodesUuidStartingWithSlashOnTheWire() {
        zoom.enqueue(json(200, PAGE2));

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "/Uh2nw9dQ9K0Xw+3UjLUSQ==", MetricsType.PAST, null))
                .expectNextCount(1).expectComplete().verify(WAIT);

        assertThat(zoom.apiTarget(0)).isEqualTo(
                "/v2/metrics/meetings/%252FUh2nw9dQ9K0Xw%252B3UjLUSQ%253D%253D/participants/qos?type=past&page_size=10");
    }

    @Test
    void doubleEncodesUuidContainingDoubleSlashOnTheWire() {
        zoom.enqueue(json(200, "{}"));

        StepVerifier.create(client.participantQos(ACCOUNT, "ab//cd+Q==", "16778240", MetricsType.LIVE))
                .expectNextCount(1).expectComplete().verify(WAIT);

        assertThat(zoom.apiTarget(0)).isEqualTo("/v2/metrics/meetings/ab%252F%252Fcd%252BQ%253D%253D/participants/16778240/qos?type=live");
    }

    @Test
    void singleEncodesOtherUuidsOnTheWire() {
        zoom.enqueue(json(200, PAGE2));

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "gm8s9L+PTEC+FG3sFbd1Cw==", MetricsType.LIVE, null))
                .expectNextCount(1).expectComplete().verify(WAIT);

        assertThat(zoom.apiTarget(0)).isEqualTo(
                "/v2/metrics/meetings/gm8s9L%2BPTEC%2BFG3sFbd1Cw%3D%3D/participants/qos?type=live&page_size=10");
    }

    @Test
    void walksEveryPageWithOnePermitEach() {
        zoom.enqueue(json(200, PAGE1)).enqueue(json(200, PAGE2));

        StepVerifier.create(client.participantsQos(ACCOUNT, "85746065432", MetricsType.PAST))
                .assertNext(p -> assertThat(p.participantKey()).isEqualTo("u:16778240"))
                .assertNext(p -> assertThat(p.participantKey()).isEqualTo("u:16779264"))
                .assertNext(p -> assertThat(p.participantKey()).isEqualTo("u:16780288"))
                .expectComplete().verify(WAIT);

        assertThat(zoom.apiRequests).hasSize(2);
        assertThat(zoom.apiTarget(1)).isEqualTo("/v2/metrics/meetings/85746065432/participants/qos?type=past"
                + "&page_size=10&next_page_token=Qv8TzH1nRk0pYc2wLm5sXa9bUe3dGf7jKi4");
        assertThat(budget.acquired).hasValue(2);
        assertThat(budget.signals).hasSize(2)
                .allMatch(s -> s.kind() == RateLimitSignal.Kind.ANSWERED && s.at().equals(NOW));
        assertThat(zoom.tokenRequests).hasSize(1);
    }

    @Test
    void everyPageOfASweepAsksForSweepPriorityAndOtherCallsForNormal() {
        zoom.enqueue(json(200, PAGE1)).enqueue(json(200, PAGE2)).enqueue(json(200, PAGE1)).enqueue(json(200, PAGE2));

        StepVerifier.create(client.participantsQosPages(ACCOUNT, "85746065432", MetricsType.PAST).contextWrite(ZoomClient.SWEEP))
                .expectNextCount(2).expectComplete().verify(WAIT);
        StepVerifier.create(client.participantsQosPages(ACCOUNT, "85746065432", MetricsType.LIVE))
                .expectNextCount(2).expectComplete().verify(WAIT);

        assertThat(budget.priorities).containsExactly(Priority.SWEEP, Priority.SWEEP, Priority.NORMAL, Priority.NORMAL);
    }

    @Test
    void listMeetingsAsksForTheLowestPriorityEvenInsideASweep() {
        String live = Fixtures.zoom("metrics.meetings.live.page1.json");
        zoom.enqueue(json(200, live)).enqueue(json(200, live));

        StepVerifier.create(client.liveMeetings(ACCOUNT, java.time.LocalDate.of(2025, 3, 10)))
                .expectNextCount(2).expectComplete().verify(WAIT);
        StepVerifier.create(client.liveMeetings(ACCOUNT, java.time.LocalDate.of(2025, 3, 10)).contextWrite(ZoomClient.SWEEP))
                .expectNextCount(2).expectComplete().verify(WAIT);

        assertThat(budget.priorities).containsExactly(Priority.BACKGROUND, Priority.BACKGROUND);
    }

    @Test
    void pastMeetingsListsEveryPageByEndTimeInUtcSecondsAtTheLowestPriority() {
        zoom.enqueue(json(200, """
                        {"next_page_token":"pastTok2","meetings":[{"uuid":"p1==","id":81000000001,"topic":"A",
                         "start_time":"2025-03-10T14:00:00Z","end_time":"2025-03-10T14:07:00Z","participants":3}]}"""))
                .enqueue(json(200, """
                        {"next_page_token":"","meetings":[{"uuid":"p2==","id":"81000000002",
                         "start_time":"2025-03-10T14:01:00Z","end_time":"2025-03-10T14:09:30Z"},{"id":5}]}"""));
        java.time.Instant from = java.time.Instant.parse("2025-03-10T14:00:00Z");
        java.time.Instant to = java.time.Instant.parse("2025-03-10T14:10:05Z");

        StepVerifier.create(client.pastMeetings(ACCOUNT, from, to).contextWrite(ZoomClient.SWEEP))
                .expectNext(new PastMeeting("p1==", 81000000001L, "A", from, java.time.Instant.parse("2025-03-10T14:07:00Z")))
                .expectNext(new PastMeeting("p2==", 81000000002L, null, java.time.Instant.parse("2025-03-10T14:01:00Z"),
                        java.time.Instant.parse("2025-03-10T14:09:30Z")))
                .expectComplete().verify(WAIT);

        assertThat(zoom.apiTarget(0)).isEqualTo("/v2/metrics/meetings?type=past&page_size=300&query_date_type=end_time"
                + "&from=2025-03-10%2014%3A00%3A00&to=2025-03-10%2014%3A10%3A05");
        assertThat(zoom.apiTarget(1)).endsWith("&next_page_token=pastTok2");
        assertThat(budget.priorities).containsExactly(Priority.BACKGROUND, Priority.BACKGROUND);
    }

    @Test
    void restartsFromPageOneWhenThePageTokenExpired() {
        zoom.enqueue(json(200, PAGE1)).enqueue(json(400, TOKEN_EXPIRED)).enqueue(json(200, PAGE1))
                .enqueue(json(200, PAGE2));

        StepVerifier.create(client.participantsQosPages(ACCOUNT, "85746065432", MetricsType.PAST))
                .assertNext(p -> assertThat(p.participants()).hasSize(2))
                .assertNext(p -> assertThat(p.participants()).hasSize(2))
                .assertNext(p -> assertThat(p.hasNext()).isFalse())
                .expectComplete().verify(WAIT);

        assertThat(zoom.apiRequests).hasSize(4);
        assertThat(zoom.apiTarget(1)).contains("next_page_token=Qv8TzH1nRk0pYc2wLm5sXa9bUe3dGf7jKi4");
        assertThat(zoom.apiTarget(2)).isEqualTo("/v2/metrics/meetings/85746065432/participants/qos?type=past&page_size=10");
        assertThat(zoom.apiTarget(3)).contains("next_page_token=");
        assertThat(budget.acquired).hasValue(4);
    }

    @Test
    void givesUpAfterTheConfiguredNumberOfRestarts() {
        zoom.enqueue(json(200, PAGE1)).enqueue(json(400, TOKEN_EXPIRED)).enqueue(json(200, PAGE1))
                .enqueue(json(400, TOKEN_EXPIRED));

        StepVerifier.create(client.participantsQosPages(ACCOUNT, "85746065432", MetricsType.PAST))
                .expectNextCount(2)
                .expectError(PageTokenExpiredException.class).verify(WAIT);

        assertThat(zoom.apiRequests).hasSize(4);
    }

    @Test
    void stopsAServerThatNeverStopsPaging() {
        String endless = PAGE2.replace("\"next_page_token\": \"\"", "\"next_page_token\": \"again\"");
        for (int i = 0; i < 50; i++) {
            zoom.enqueue(json(200, endless));
        }

        StepVerifier.create(client.participantsQosPages(ACCOUNT, "1", MetricsType.PAST))
                .expectNextCount(50)
                .expectError(ZoomBadResponseException.class).verify(WAIT);

        assertThat(zoom.apiRequests).hasSize(50);
    }

    @Test
    void getsOneParticipantsQos() {
        String body = PAGE2.substring(PAGE2.indexOf("{", PAGE2.indexOf("[")), PAGE2.lastIndexOf("]"));
        zoom.enqueue(json(200, body));

        StepVerifier.create(client.participantQos(ACCOUNT, "85746065432", "16780288", MetricsType.LIVE))
                .assertNext(p -> {
                    assertThat(p.userId()).isEqualTo("16780288");
                    assertThat(p.minutes().get(0).stream(StreamKind.AUDIO_INPUT).latencyMs()).isEqualTo(48.0);
                })
                .expectComplete().verify(WAIT);

        assertThat(zoom.apiTarget(0)).isEqualTo("/v2/metrics/meetings/85746065432/participants/16780288/qos?type=live");
    }

    @Test
    void listsParticipantsAcrossPagesWith300PerPage() {
        zoom.enqueue(json(200, Fixtures.zoom("metrics.meetings.participants.page1.json")))
                .enqueue(json(200, Fixtures.zoom("metrics.meetings.participants.page2.json")));

        StepVerifier.create(client.participants(ACCOUNT, "85746065432", MetricsType.PAST).map(MeetingParticipant::status))
                .expectNext("in_meeting", "in_meeting", "in_waiting_room")
                .expectComplete().verify(WAIT);

        assertThat(zoom.apiTarget(0)).isEqualTo("/v2/metrics/meetings/85746065432/participants?type=past&page_size=300");
        assertThat(zoom.apiTarget(1)).isEqualTo("/v2/metrics/meetings/85746065432/participants?type=past"
                + "&page_size=300&next_page_token=Pt1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT");
        assertThat(budget.acquired).hasValue(2);
    }

    @Test
    void mapsNotFoundAndTooOld() {
        zoom.enqueue(json(404, "{\"code\":3001,\"message\":\"Meeting does not exist.\"}"))
                .enqueue(json(400, "{\"code\":12702,\"message\":\"Can not access a meeting a year ago.\"}"));

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.PAST, null))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MeetingNotFoundException.class)
                        .extracting(x -> ((ZoomApiException) x).zoomCode()).isEqualTo(3001))
                .verify(WAIT);
        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.PAST, null))
                .expectError(MeetingTooOldException.class).verify(WAIT);

        assertThat(budget.signals).extracting(RateLimitSignal::kind)
                .containsExactly(RateLimitSignal.Kind.ANSWERED, RateLimitSignal.Kind.ANSWERED);
        assertThat(requests("participants_qos", "not_found")).isEqualTo(1.0);
        assertThat(requests("participants_qos", "too_old")).isEqualTo(1.0);
    }

    @Test
    void perSecond429WithoutHeadersIsReportedAndNotRetried() throws IOException {
        zoom.close();
        zoom = new FakeZoomServer();
        client = ZoomClients.client(zoom, budgets,
                ZoomClients.properties(4, Duration.ofMillis(1), Duration.ofSeconds(10), 1), registry, clock,
                Schedulers.parallel());
        zoom.enqueue(json(429, Fixtures.zoom("error.429.per-second.json")));

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectErrorSatisfies(e -> {
                    RateLimitedException r = (RateLimitedException) e;
                    assertThat(r.limit()).isEqualTo(RateLimitedException.Limit.PER_SECOND);
                    assertThat(r.retryAfter()).isNull();
                })
                .verify(WAIT);

        assertThat(zoom.apiRequests).hasSize(1);
        assertThat(budget.acquired).hasValue(1);
        assertThat(budget.signals).containsExactly(
                new RateLimitSignal(RateLimitSignal.Kind.PER_SECOND_EXCEEDED, null, null, NOW));
        assertThat(requests("participants_qos", "rate_limited_per_second")).isEqualTo(1.0);
    }

    @Test
    void daily429WithHeadersCarriesRetryAfterToTheBudget() {
        zoom.enqueue(FakeZoomServer.jsonBuilder(429, Fixtures.zoom("error.429.per-second.json"))
                .addHeader("X-RateLimit-Type", "Daily-limit")
                .addHeader("X-RateLimit-Category", "Heavy")
                .addHeader("X-RateLimit-Remaining", "0")
                .addHeader("Retry-After", "2025-03-11T00:00:00Z").build());

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectErrorSatisfies(e -> {
                    RateLimitedException r = (RateLimitedException) e;
                    assertThat(r.limit()).isEqualTo(RateLimitedException.Limit.DAILY);
                    assertThat(r.retryAfter()).isEqualTo(Instant.parse("2025-03-11T00:00:00Z"));
                })
                .verify(WAIT);

        assertThat(budget.signals).containsExactly(new RateLimitSignal(RateLimitSignal.Kind.DAILY_EXCEEDED,
                Instant.parse("2025-03-11T00:00:00Z"), 0L, NOW));
    }

    @Test
    void daily429WithoutHeadersIsRecognisedByItsBodyAndSecondsRetryAfter() {
        zoom.enqueue(FakeZoomServer.jsonBuilder(429, "{\"code\":429,\"message\":\"You have reached the maximum "
                + "daily rate limit for this API.\"}").addHeader("Retry-After", "120").build());

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectErrorSatisfies(e -> {
                    RateLimitedException r = (RateLimitedException) e;
                    assertThat(r.limit()).isEqualTo(RateLimitedException.Limit.DAILY);
                    assertThat(r.retryAfter()).isEqualTo(NOW.plusSeconds(120));
                })
                .verify(WAIT);

        assertThat(budget.signals.get(0).kind()).isEqualTo(RateLimitSignal.Kind.DAILY_EXCEEDED);
    }

    @Test
    void remainingHeaderOfAnAnswerReachesTheBudget() {
        zoom.enqueue(FakeZoomServer.jsonBuilder(200, PAGE2).addHeader("X-RateLimit-Remaining", "41999").build());

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectNextCount(1).expectComplete().verify(WAIT);

        assertThat(budget.signals).containsExactly(RateLimitSignal.answered(41999L, NOW));
        assertThat(requests("participants_qos", "ok")).isEqualTo(1.0);
        assertThat(registry.find(ZoomRequestMetrics.DURATION).tag("endpoint", "participants_qos").timer().count())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>ok</html>", "[]", ""})
    void mapsUnreadableSuccessBodiesToBadResponse(String body) {
        zoom.enqueue(json(200, body));

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectError(ZoomBadResponseException.class).verify(WAIT);
    }

    @Test
    void mapsForbiddenToRejectedWithoutRetry() {
        zoom.enqueue(json(403, "{\"code\":4711,\"message\":\"Invalid access token, does not contain scopes.\"}"));

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectError(ZoomRejectedException.class).verify(WAIT);
        assertThat(zoom.apiRequests).hasSize(1);
    }

    @Test
    void unknownAccountFailsBeforeAnyRequest() {
        StepVerifier.create(client.participantsQosPage("nobody", "1", MetricsType.LIVE, null))
                .expectError(IllegalArgumentException.class).verify(WAIT);
        assertThat(zoom.server.getRequestCount()).isZero();
    }

    @Test
    void readsTheApiAddressOnEveryRequest() throws IOException {
        try (FakeZoomServer other = new FakeZoomServer()) {
            java.util.concurrent.atomic.AtomicReference<FakeZoomServer> current = new java.util.concurrent.atomic.AtomicReference<>(zoom);
            io.zoomqos.collector.config.ZoomEndpoints moving = new io.zoomqos.collector.config.ZoomEndpoints() {
                @Override
                public java.net.URI apiUrl() {
                    return current.get().apiUrl();
                }

                @Override
                public java.net.URI oauthUrl() {
                    return current.get().oauthUrl();
                }
            };
            ZoomClient c = ZoomClients.client(moving, budgets, ZoomClientProperties.defaults(), registry, clock,
                    Schedulers.parallel());
            zoom.enqueue(json(200, PAGE2));
            other.enqueue(json(200, PAGE2));

            StepVerifier.create(c.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null)).expectNextCount(1)
                    .expectComplete().verify(WAIT);
            current.set(other);
            StepVerifier.create(c.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null)).expectNextCount(1)
                    .expectComplete().verify(WAIT);

            assertThat(List.of(zoom.apiRequests.size(), other.apiRequests.size())).containsExactly(1, 1);
        }
    }

    private double requests(String endpoint, String outcome) {
        Counter c = registry.find(ZoomRequestMetrics.REQUESTS).tag("endpoint", endpoint).tag("outcome", outcome)
                .counter();
        return c == null ? 0.0 : c.count();
    }
}
