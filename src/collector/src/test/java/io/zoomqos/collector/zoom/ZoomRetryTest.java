package io.zoomqos.collector.zoom;

import io.zoomqos.collector.support.MutableClock;
import static io.zoomqos.collector.zoom.FakeZoomServer.json;
import static io.zoomqos.collector.zoom.ZoomClients.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.ratelimit.RateLimitSignal;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Retries of 5xx, timeouts and connection errors: exponential backoff in virtual time, each retry
 * through the budget again. The HTTP exchanges are real (loopback), so the test waits until a
 * backoff is scheduled before it moves virtual time.
 */
class ZoomRetryTest {

    private static final String BODY = Fixtures.zoom("metrics.meetings.participants.qos.page2.json");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private FakeZoomServer zoom;
    private final FakeAccountBudgets budgets = new FakeAccountBudgets(ACCOUNT);
    private final FakeAccountBudgets.FakeBudget budget = budgets.of(ACCOUNT);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-10T14:00:00Z"));
    private final VirtualTimeScheduler virtualTime = VirtualTimeScheduler.create();
    private final RecordingScheduler scheduler = new RecordingScheduler(virtualTime);

    @BeforeEach
    void start() throws IOException {
        zoom = new FakeZoomServer();
    }

    @AfterEach
    void stop() {
        zoom.close();
        virtualTime.dispose();
    }

    private ZoomClient client(int maxAttempts, ZoomEndpoints endpoints) {
        return ZoomClients.client(endpoints, budgets,
                ZoomClients.properties(maxAttempts, Duration.ofSeconds(1), REQUEST_TIMEOUT, 1), registry, clock,
                scheduler);
    }

    private ZoomClient client(int maxAttempts) {
        return client(maxAttempts, ZoomEndpoints.fixed(zoom.apiUrl(), zoom.oauthUrl()));
    }

    private void awaitBackoffScheduled(Duration delay, int times) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> scheduler.countOf(delay) == times);
    }

    @Test
    void retriesServerErrorsWithExponentialBackoffEachThroughTheBudget() throws Exception {
        zoom.enqueue(json(503, "")).enqueue(json(502, "<html>bad gateway</html>")).enqueue(json(200, BODY));

        CompletableFuture<QosPage> result =
                client(3).participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null).toFuture();

        awaitBackoffScheduled(Duration.ofSeconds(1), 1);
        assertThat(budget.acquired).hasValue(1);
        virtualTime.advanceTimeBy(Duration.ofMillis(999));
        assertThat(budget.acquired).hasValue(1);
        virtualTime.advanceTimeBy(Duration.ofMillis(1));
        assertThat(budget.acquired).hasValue(2);

        awaitBackoffScheduled(Duration.ofSeconds(2), 1);
        virtualTime.advanceTimeBy(Duration.ofMillis(1999));
        assertThat(budget.acquired).hasValue(2);
        virtualTime.advanceTimeBy(Duration.ofMillis(1));
        assertThat(budget.acquired).hasValue(3);

        assertThat(result.get(10, TimeUnit.SECONDS).participants()).hasSize(1);
        assertThat(zoom.apiRequests).hasSize(3);
        assertThat(zoom.tokenRequests).hasSize(1);
        assertThat(budget.signals).hasSize(3).allMatch(s -> s.kind() == RateLimitSignal.Kind.ANSWERED);
        assertThat(registry.find(ZoomRequestMetrics.REQUESTS).tag("outcome", "server_error").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.find(ZoomRequestMetrics.REQUESTS).tag("endpoint", "participants_qos").tag("outcome", "ok")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastServerError() {
        zoom.enqueue(json(500, "")).enqueue(json(500, "")).enqueue(json(503, "{\"code\":5,\"message\":\"down\"}"));

        CompletableFuture<QosPage> result =
                client(3).participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null).toFuture();
        awaitBackoffScheduled(Duration.ofSeconds(1), 1);
        virtualTime.advanceTimeBy(Duration.ofSeconds(1));
        awaitBackoffScheduled(Duration.ofSeconds(2), 1);
        virtualTime.advanceTimeBy(Duration.ofSeconds(2));

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> result.get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(ZoomServerException.class);
        assertThat(((ZoomServerException) failure.getCause()).httpStatus()).isEqualTo(503);
        assertThat(zoom.apiRequests).hasSize(3);
        assertThat(budget.acquired).hasValue(3);
    }

    @Test
    void backoffIsCappedByMaxBackoff() throws Exception {
        ZoomClient client = ZoomClients.client(ZoomEndpoints.fixed(zoom.apiUrl(), zoom.oauthUrl()), budgets,
                new ZoomClientProperties(Duration.ofSeconds(2), REQUEST_TIMEOUT, 4, Duration.ofSeconds(1),
                        Duration.ofMillis(1500), 0.0, Duration.ofSeconds(60), 1, 10,
                        org.springframework.util.unit.DataSize.ofMegabytes(1)),
                registry, clock, scheduler);
        zoom.enqueue(json(500, "")).enqueue(json(500, "")).enqueue(json(500, "")).enqueue(json(200, BODY));

        CompletableFuture<QosPage> result = client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null).toFuture();
        awaitBackoffScheduled(Duration.ofSeconds(1), 1);
        virtualTime.advanceTimeBy(Duration.ofSeconds(1));
        awaitBackoffScheduled(Duration.ofMillis(1500), 1);
        virtualTime.advanceTimeBy(Duration.ofMillis(1500));
        awaitBackoffScheduled(Duration.ofMillis(1500), 2);
        virtualTime.advanceTimeBy(Duration.ofMillis(1500));

        assertThat(result.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(budget.acquired).hasValue(4);
    }

    @Test
    void retriesConnectionErrorsThroughTheBudget() throws Exception {
        URI closed;
        try (MockWebServer gone = new MockWebServer()) {
            gone.start();
            closed = gone.url("/v2").uri();
        }
        ZoomClient client = client(2, ZoomEndpoints.fixed(closed, zoom.oauthUrl()));

        CompletableFuture<QosPage> result = client.participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null).toFuture();
        awaitBackoffScheduled(Duration.ofSeconds(1), 1);
        assertThat(budget.acquired).hasValue(1);
        virtualTime.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(budget.acquired).hasValue(2);

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> result.get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(ZoomTransportException.class);
        assertThat(((ZoomTransportException) failure.getCause()).timeout()).isFalse();
        assertThat(budget.signals).isEmpty();
    }

    @Test
    void aRequestWithoutAnswerTimesOutInVirtualTimeAndIsRetried() throws Exception {
        zoom.enqueue(FakeZoomServer.jsonBuilder(200, BODY).headersDelay(1, TimeUnit.MINUTES).build())
                .enqueue(json(200, BODY));

        CompletableFuture<QosPage> result =
                client(2).participantsQosPage(ACCOUNT, "1", MetricsType.LIVE, null).toFuture();
        await().atMost(10, TimeUnit.SECONDS).until(() -> zoom.apiRequests.size() == 1);
        virtualTime.advanceTimeBy(REQUEST_TIMEOUT.minusMillis(1));
        assertThat(result).isNotDone();
        virtualTime.advanceTimeBy(Duration.ofMillis(1));
        awaitBackoffScheduled(Duration.ofSeconds(1), 1);
        virtualTime.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(result.get(10, TimeUnit.SECONDS).participants()).hasSize(1);
        assertThat(budget.acquired).hasValue(2);
        assertThat(registry.find(ZoomRequestMetrics.REQUESTS).tag("outcome", "timeout").counter().count())
                .isEqualTo(1.0);
    }
}
