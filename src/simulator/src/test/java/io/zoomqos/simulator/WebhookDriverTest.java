package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNT;
import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Delivery, retries and ticking in virtual time; HTTP replaced by an in-memory exchange. */
class WebhookDriverTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final MutableClock real = new MutableClock(START);
    private final List<ClientRequest> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void dispose() {
        vts.dispose();
    }

    private WebhookDriver driver(SimulatedZoom zoom, HttpStatus... answers) {
        AtomicInteger n = new AtomicInteger();
        WebClient client = WebClient.builder().exchangeFunction(request -> {
            requests.add(request);
            HttpStatus status = answers[Math.min(n.getAndIncrement(), answers.length - 1)];
            return Mono.just(ClientResponse.create(status).build());
        }).build();
        return new WebhookDriver(zoom, client, URI.create("http://127.0.0.1:9/webhooks/zoom"), real, vts);
    }

    private SimulatedZoom zoom(SimulatorProperties.Builder b) {
        return new SimulatedZoom(b.build(), ACCOUNTS, real);
    }

    @Test
    void retriesWithoutA2xxAndSucceedsWithinTheBound() {
        SimulatedZoom zoom = zoom(SimFixtures.small().webhookRetries(3).webhookRetryBackoff(Duration.ofSeconds(1)));
        WebhookDriver driver = driver(zoom, HttpStatus.INTERNAL_SERVER_ERROR, HttpStatus.SERVICE_UNAVAILABLE, HttpStatus.OK);
        WebhookEvent event = zoom.webhookEvents(START.minusSeconds(1), START).get(0);

        StepVerifier.withVirtualTime(() -> driver.deliver(event), () -> vts, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(10))
                .expectNext(true)
                .verifyComplete();
        assertThat(requests).hasSize(3);
        assertThat(driver.stats()).isEqualTo(new WebhookDriver.Stats(1, 0, 3, 0));
    }

    @Test
    void givesUpAfterTheRetriesAndCountsTheFailure() {
        SimulatedZoom zoom = zoom(SimFixtures.small().webhookRetries(2).webhookRetryBackoff(Duration.ofSeconds(1)));
        WebhookDriver driver = driver(zoom, HttpStatus.NOT_FOUND);
        WebhookEvent event = zoom.webhookEvents(START.minusSeconds(1), START).get(0);

        StepVerifier.withVirtualTime(() -> driver.deliver(event), () -> vts, Long.MAX_VALUE)
                .thenAwait(Duration.ofMinutes(1))
                .expectNext(false)
                .verifyComplete();
        assertThat(requests).hasSize(3);
        assertThat(driver.stats().failed()).isEqualTo(1);
    }

    @Test
    void signsEachAttemptWithTheAccountSecretAndTheRealTimestamp() {
        SimulatedZoom zoom = zoom(SimFixtures.small());
        WebhookDriver driver = driver(zoom, HttpStatus.OK);
        WebhookEvent event = zoom.webhookEvents(START.minusSeconds(1), START).get(0);
        assertThat(event.accountId()).isEqualTo(ACCOUNT);
        real.advance(Duration.ofSeconds(42));

        StepVerifier.withVirtualTime(() -> driver.deliver(event), () -> vts, Long.MAX_VALUE)
                .expectNext(true).verifyComplete();
        ClientRequest sent = requests.get(0);
        long ts = START.plusSeconds(42).getEpochSecond();
        assertThat(sent.headers().getFirst("x-zm-request-timestamp")).isEqualTo(Long.toString(ts));
        assertThat(sent.headers().getFirst("x-zm-signature"))
                .isEqualTo(WebhookSigner.sign("fixture-secret-token-NOT-REAL", ts, event.body()));
        assertThat(sent.headers().getContentType().toString()).isEqualTo("application/json;charset=UTF-8");
    }

    @Test
    void ticksDeliverEveryDueEventAsSimulatedTimePasses() {
        SimulatedZoom zoom = zoom(SimFixtures.small().webhookTick(Duration.ofSeconds(1)));
        WebhookDriver driver = driver(zoom, HttpStatus.OK).start();
        try {
            for (int i = 0; i < 120; i++) { // two real (= simulated) minutes, a tick per second
                real.advance(Duration.ofSeconds(1));
                vts.advanceTimeBy(Duration.ofSeconds(1));
            }
            int expected = zoom.webhookEvents(START.minusNanos(1), START.plusSeconds(120)).size();
            assertThat(expected).isGreaterThan(5);
            assertThat(requests).hasSize(expected);
            assertThat(driver.stats().delivered()).isEqualTo(expected);
        } finally {
            driver.close();
        }
    }
}
