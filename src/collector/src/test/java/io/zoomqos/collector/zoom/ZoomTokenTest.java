package io.zoomqos.collector.zoom;

import io.zoomqos.collector.support.MutableClock;
import static io.zoomqos.collector.zoom.FakeZoomServer.json;
import static io.zoomqos.collector.zoom.ZoomClients.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.ratelimit.AccountFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Server-to-Server OAuth: one token per account, shared, renewed before expiry and after a 401. */
class ZoomTokenTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BODY = Fixtures.zoom("metrics.meetings.participants.qos.page2.json");

    private FakeZoomServer zoom;
    private final FakeAccountBudgets budgets = new FakeAccountBudgets(ACCOUNT);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-10T14:00:00Z"));
    private ZoomClient client;

    @BeforeEach
    void start() throws IOException {
        zoom = new FakeZoomServer();
        client = ZoomClients.client(zoom, budgets, ZoomClientProperties.defaults(), registry, clock,
                Schedulers.parallel());
    }

    @AfterEach
    void stop() {
        zoom.close();
    }

    private void call() {
        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectNextCount(1).expectComplete().verify(WAIT);
    }

    @Test
    void requestsTokenWithAccountCredentials() {
        zoom.enqueue(json(200, BODY));

        call();

        assertThat(zoom.tokenRequests).hasSize(1);
        var token = zoom.tokenRequests.get(0);
        assertThat(token.getMethod()).isEqualTo("POST");
        assertThat(token.getTarget()).isEqualTo("/oauth/token?grant_type=account_credentials&account_id=" + ACCOUNT);
        assertThat(token.getHeaders().get("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("client-id:client-secret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void tokenRequestsTakeNoPermit() {
        zoom.enqueue(json(200, BODY));

        call();

        assertThat(zoom.tokenRequests).hasSize(1);
        assertThat(budgets.of(ACCOUNT).acquired).hasValue(1);
    }

    @Test
    void reusesTheTokenUntilTheRefreshMarginThenRenews() {
        for (int i = 0; i < 4; i++) {
            zoom.enqueue(json(200, BODY));
        }

        call();
        clock.advance(Duration.ofSeconds(3600 - 60).minusMillis(1));
        call();
        assertThat(zoom.tokenRequests).hasSize(1);

        clock.advance(Duration.ofMillis(1));
        call();
        call();

        assertThat(zoom.tokenRequests).hasSize(2);
        assertThat(zoom.apiRequests).extracting(r -> r.getHeaders().get("Authorization"))
                .containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2");
    }

    @Test
    void concurrentCallersShareOneTokenRequest() {
        int callers = 40;
        for (int i = 0; i < callers; i++) {
            zoom.enqueue(json(200, BODY));
        }
        // Slow token endpoint: every caller asks while the first request is still in flight.
        zoom.tokenDelayMillis = 300;

        StepVerifier.create(Flux.range(0, callers)
                        .flatMap(i -> client.participantsQosPage(ACCOUNT, "m" + i, MetricsType.LIVE, null), callers))
                .expectNextCount(callers).expectComplete().verify(WAIT);

        assertThat(zoom.tokenRequests).hasSize(1);
        assertThat(zoom.apiRequests).hasSize(callers)
                .allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer tok-1"));
    }

    @Test
    void aRejectedTokenIsRenewedOnceAndTheRequestRetriedOnce() {
        zoom.enqueue(json(401, "{\"code\":124,\"message\":\"Invalid access token.\"}")).enqueue(json(200, BODY));

        call();

        assertThat(zoom.tokenRequests).hasSize(2);
        assertThat(zoom.apiRequests).extracting(r -> r.getHeaders().get("Authorization"))
                .containsExactly("Bearer tok-1", "Bearer tok-2");
        assertThat(budgets.of(ACCOUNT).acquired).hasValue(2);
        assertThat(budgets.of(ACCOUNT).signals).hasSize(2);
    }

    @Test
    void aSecond401IsTheCallersFailure() {
        zoom.enqueue(json(401, "{\"code\":124,\"message\":\"Invalid access token.\"}"))
                .enqueue(json(401, "{\"code\":124,\"message\":\"Invalid access token.\"}"))
                .enqueue(json(200, BODY));

        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectError(ZoomUnauthorizedException.class).verify(WAIT);

        assertThat(zoom.apiRequests).hasSize(2);
        assertThat(zoom.tokenRequests).hasSize(2);
        assertThat(budgets.of(ACCOUNT).acquired).hasValue(2);
        assertThat(budgets.of(ACCOUNT).failures).as("the budget pauses the account")
                .containsExactly(AccountFailure.UNAUTHORIZED);
    }

    @Test
    void aFailingAccountsProbeGetsNoRenewAndRetryAndItsFirstServedAnswerClearsTheFailure() {
        zoom.enqueue(json(401, "{\"code\":124,\"message\":\"Invalid access token.\"}"))
                .enqueue(json(401, "{\"code\":124,\"message\":\"Invalid access token.\"}"))
                .enqueue(json(401, "{\"code\":124,\"message\":\"Invalid access token.\"}"))
                .enqueue(json(200, BODY));
        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectError(ZoomUnauthorizedException.class).verify(WAIT);
        assertThat(budgets.of(ACCOUNT).failing()).isEqualTo(AccountFailure.UNAUTHORIZED);

        // the probe after the backoff: one request, one permit, final at once
        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectError(ZoomUnauthorizedException.class).verify(WAIT);
        assertThat(zoom.apiRequests).hasSize(3);
        assertThat(budgets.of(ACCOUNT).acquired).hasValue(3);
        assertThat(zoom.tokenRequests).as("each probe with a fresh token").hasSize(3);

        call();
        assertThat(budgets.of(ACCOUNT).failing()).isNull();
        assertThat(budgets.of(ACCOUNT).successes).hasValue(1);
        assertThat(budgets.of(ACCOUNT).failures).containsExactly(AccountFailure.UNAUTHORIZED,
                AccountFailure.UNAUTHORIZED);
    }

    @Test
    void refusedCredentialsFailWithoutCallingTheApi() {
        zoom.tokenFailure = json(400, "{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}");
        zoom.enqueue(json(200, BODY));
        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectError(ZoomUnauthorizedException.class).verify(WAIT);

        assertThat(zoom.tokenRequests).hasSize(1);
        assertThat(zoom.apiRequests).isEmpty();
        assertThat(registry.find(ZoomRequestMetrics.REQUESTS).tag("endpoint", "oauth_token")
                .tag("outcome", "unauthorized").counter().count()).isEqualTo(1.0);
        // a failed renewal is not cached: the next call asks again
        StepVerifier.create(client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null))
                .expectError(ZoomUnauthorizedException.class).verify(WAIT);
        assertThat(zoom.tokenRequests).hasSize(2);
        // the budget is told, so that it pauses the account (which bounds the token requests)
        assertThat(budgets.of(ACCOUNT).failures).containsExactly(AccountFailure.CREDENTIALS_REFUSED,
                AccountFailure.CREDENTIALS_REFUSED);
        assertThat(budgets.of(ACCOUNT).successes).hasValue(0);
    }

    @Test
    void tokenIsNeverInLogsOrMessages() {
        ZoomToken token = new ZoomToken("secret-token", Instant.EPOCH, Instant.EPOCH);
        assertThat(token.toString()).doesNotContain("secret-token");
        assertThat(List.of(new ZoomUnauthorizedException("x", "e", 401, null, null).getMessage()))
                .noneMatch(m -> m.contains("Bearer"));
    }
}
