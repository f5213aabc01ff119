package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNT;
import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.OTHER;
import static io.zoomqos.simulator.SimFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket event endpoint's delivery without a network: connections are opened on the
 * socket directly, the ticks run in virtual time, the simulated clock is moved by hand.
 */
class SimulatedEventSocketTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final MutableClock real = new MutableClock(START);
    private final SimulatedZoom zoom = new SimulatedZoom(SimFixtures.small()
            .websocketAccounts(List.of(ACCOUNT, OTHER)).qssAccounts(List.of(ACCOUNT))
            .webhookTick(Duration.ofSeconds(1)).build(), ACCOUNTS, real);
    private final SimulatedEventSocket socket = new SimulatedEventSocket(zoom, real);

    @AfterEach
    void dispose() {
        socket.close();
        vts.dispose();
    }

    /** A client connection of the account: the frames it received, and whether the server closed it. */
    private record Client(List<String> frames, AtomicBoolean closed, Disposable session) {
    }

    private Client connect(String account) {
        List<String> frames = new CopyOnWriteArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();
        Sinks.Many<String> inbound = Sinks.many().unicast().onBackpressureBuffer();
        Disposable session = socket.session(account, inbound.asFlux(),
                out -> out.doOnNext(frames::add).doOnComplete(() -> closed.set(true)).then()).subscribe();
        return new Client(frames, closed, session);
    }

    /** Moves both clocks: the simulated one (meetings) and the ticks (virtual time). */
    private void advance(Duration d) {
        for (long s = 0; s < d.toSeconds(); s++) {
            real.advance(Duration.ofSeconds(1));
            vts.advanceTimeBy(Duration.ofSeconds(1));
        }
    }

    @Test
    void eachTickSendsTheDueEventsToTheConnectionsOfTheirAccountOnly() {
        Client mine = connect(ACCOUNT);
        socket.startDelivery(vts);
        advance(Duration.ofMinutes(15));

        assertThat(mine.frames().get(0)).isEqualTo("{\"module\":\"build_connection\",\"success\":true}");
        List<JsonNode> events = mine.frames().stream().skip(1).map(SimFixtures.JSON::readTree)
                .peek(f -> assertThat(f.get("module").asString()).isEqualTo("message"))
                .map(f -> SimFixtures.JSON.readTree(f.get("content").asString())).toList();
        assertThat(events).isNotEmpty()
                .allMatch(e -> e.get("payload").get("account_id").asString().equals(ACCOUNT));
        assertThat(events).extracting(e -> e.get("event").asString())
                .contains("meeting.started", "meeting.participant_joined", SimulatedZoom.QSS_EVENT);
        assertThat(socket.delivered()).isEqualTo(events.size());
        // The other account has no connection: its events are lost, as Zoom's are.
        assertThat(socket.undelivered()).isNotEmpty().allMatch(e -> e.accountId().equals(OTHER));
        assertThat(socket.undeliveredCount()).isEqualTo(socket.undelivered().size());
    }

    @Test
    void eventsWaitForTheFirstConnectionAndAreThenDeliveredLate() {
        socket.startDelivery(vts);
        advance(Duration.ofMinutes(5));
        assertThat(socket.undeliveredCount()).isZero();

        Client late = connect(ACCOUNT);
        advance(Duration.ofSeconds(1));
        assertThat(late.frames()).as("the first five minutes at once")
                .anyMatch(f -> f.contains("meeting.started"));
        assertThat(socket.undelivered()).isNotEmpty().allMatch(e -> e.accountId().equals(OTHER));
    }

    @Test
    void aCutClosesTheConnectionsAndLosesWhatHappensUntilTheClientIsBack() {
        Client first = connect(ACCOUNT);
        socket.startDelivery(vts);
        advance(Duration.ofMinutes(3));
        int before = first.frames().size();

        socket.cut(Duration.ofSeconds(90));
        assertThat(first.closed()).isTrue();
        assertThat(socket.openConnections()).isZero();
        String token = SimFixtures.token(zoom, ACCOUNT).substring("Bearer ".length());
        assertThat(upgrade(token).getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(socket.refusedConnects()).isEqualTo(1);

        advance(Duration.ofSeconds(90));
        long lostDuringCut = socket.undelivered().stream().filter(e -> e.accountId().equals(ACCOUNT)).count();
        assertThat(lostDuringCut).as("the events of the cut are never delivered").isPositive();
        assertThat(first.frames()).hasSize(before);
        // Up again: the upgrade gets past the cut (this mock request is no WebSocket handshake).
        StepVerifier.create(socket.webHandler().handle(exchange(token)))
                .expectError(ServerWebInputException.class)
                .verify(Duration.ofSeconds(5));

        Client second = connect(ACCOUNT);
        advance(Duration.ofMinutes(3));
        assertThat(second.frames()).hasSizeGreaterThan(1);
        assertThat(socket.cuts()).isEqualTo(1);
        assertThat(socket.connects()).isEqualTo(2);
    }

    @Test
    void anUpgradeWithoutAValidTokenOrSubscriptionIsRefused() {
        assertThat(upgrade("not-a-token").getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        String token = SimFixtures.token(zoom, ACCOUNT).substring("Bearer ".length());
        MockServerWebExchange noSubscription = MockServerWebExchange.from(
                MockServerHttpRequest.get("/simulator/ws?access_token=" + token));
        socket.webHandler().handle(noSubscription).block(Duration.ofSeconds(5));
        assertThat(noSubscription.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private MockServerWebExchange upgrade(String token) {
        MockServerWebExchange exchange = exchange(token);
        socket.webHandler().handle(exchange).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(5));
        return exchange;
    }

    private static MockServerWebExchange exchange(String token) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/simulator/ws?subscriptionId=sub-1&access_token=" + token));
    }
}
