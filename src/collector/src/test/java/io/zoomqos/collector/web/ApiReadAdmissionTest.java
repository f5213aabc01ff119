package io.zoomqos.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.store.DatabaseProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class ApiReadAdmissionTest {

    private final AtomicInteger served = new AtomicInteger();

    /** One API reader at a time, one more may wait up to 5 s. */
    private ApiReadAdmission admission() {
        return new ApiReadAdmission(new DatabaseProperties("r2dbc:x", "", "", 10, 2, 1, 1, Duration.ofSeconds(5)),
                new SimpleMeterRegistry());
    }

    /** A handler that is served (counted) and answers when {@code done} completes. */
    private WebFilterChain handler(Sinks.Empty<Void> done) {
        return exchange -> Mono.defer(() -> {
            served.incrementAndGet();
            return done.asMono();
        });
    }

    @Test
    void aReaderBeyondTheSlotAndTheQueueIsRefusedAtOnceWith503AndRetryAfter() {
        ApiReadAdmission admission = admission();
        Sinks.Empty<Void> first = Sinks.empty();
        admission.filter(get("/api/v1/meetings"), handler(first)).subscribe();
        admission.filter(get("/api/v1/meetings/x/qos"), handler(Sinks.empty())).subscribe(); // waits

        MockServerWebExchange third = get("/api/v1/coverage");
        StepVerifier.create(admission.filter(third, handler(Sinks.empty()))).verifyComplete();

        assertThat(third.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(third.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(served).hasValue(1);
    }

    @Test
    void aWaitingReaderIsServedWhenTheSlotIsGivenBack() {
        ApiReadAdmission admission = admission();
        Sinks.Empty<Void> first = Sinks.empty();
        admission.filter(get("/api/v1/meetings"), handler(first)).subscribe();
        Sinks.Empty<Void> second = Sinks.empty();
        MockServerWebExchange waiting = get("/api/v1/meetings/x/qos");
        StepVerifier.create(admission.filter(waiting, handler(second)))
                .then(() -> assertThat(served).hasValue(1))
                .then(first::tryEmitEmpty)
                .then(() -> assertThat(served).hasValue(2))
                .then(second::tryEmitEmpty)
                .verifyComplete();
        assertThat(waiting.getResponse().getStatusCode()).isNull(); // the handler's own answer, untouched
    }

    @Test
    void aReaderThatWaitsLongerThanTheWaitIsRefused() {
        MockServerWebExchange waiting = get("/api/v1/coverage");
        StepVerifier.withVirtualTime(() -> {
                    ApiReadAdmission admission = admission();
                    admission.filter(get("/api/v1/meetings"), handler(Sinks.empty())).subscribe();
                    return admission.filter(waiting, handler(Sinks.empty()));
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(5))
                .verifyComplete();
        assertThat(waiting.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(served).hasValue(1);
    }

    @Test
    void aReaderThatGoesAwayGivesItsSlotBack() {
        ApiReadAdmission admission = admission();
        admission.filter(get("/api/v1/meetings"), handler(Sinks.empty())).subscribe().dispose();

        StepVerifier.create(admission.filter(get("/api/v1/meetings"), exchange -> Mono.fromRunnable(served::incrementAndGet)))
                .verifyComplete();
        assertThat(served).hasValue(2);
    }

    @Test
    void theStreamAndPagesOutsideTheApiAreNotCounted() {
        ApiReadAdmission admission = admission();
        admission.filter(get("/api/v1/meetings"), handler(Sinks.empty())).subscribe();
        admission.filter(get("/api/v1/meetings"), handler(Sinks.empty())).subscribe();

        StepVerifier.create(admission.filter(get("/api/v1/qos/stream"), exchange -> Mono.fromRunnable(served::incrementAndGet)))
                .verifyComplete();
        StepVerifier.create(admission.filter(get("/webhooks/zoom"), exchange -> Mono.fromRunnable(served::incrementAndGet)))
                .verifyComplete();
        assertThat(served).hasValue(3);
    }

    @Test
    void readersMayNotBeAllowedEveryConnectionOfThePool() {
        assertThatThrownBy(() -> new DatabaseProperties("r2dbc:x", "", "", 4, 2, 4, 64, Duration.ofSeconds(5)))
                .hasMessageContaining("qos.db.api-reads-max (4) must be below qos.db.pool-max-size (4)");
    }

    private static MockServerWebExchange get(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.get(path));
    }
}
