package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class BudgetEndpointIT extends CollectorIntegrationTest {

    private static final String FIRST = "AbCdEfGhIjKlMnOpQrStUv";
    private static final String SECOND = "SecondAccount000000000";

    @Autowired
    WebTestClient web;

    @Autowired
    AccountBudgets budgets;

    @Autowired
    DatabaseClient db;

    @Test
    void grantsAreCountedAndFlushedToTheDatabase() {
        AccountBudget budget = budgets.of(SECOND);
        assertThat(budgets.all()).extracting(AccountBudget::accountId).containsExactly(FIRST, SECOND);
        long before = budget.status().spentToday();
        StepVerifier.create(budget.acquire().then(budget.acquire()).then(budget.acquire())).verifyComplete();
        assertThat(budget.status().spentToday()).isEqualTo(before + 3);

        Mono<Long> stored = Mono.defer(() -> db.sql("SELECT spent FROM budget_spend WHERE account_id = :a AND utc_day = :d")
                .bind("a", SECOND).bind("d", LocalDate.now(ZoneOffset.UTC))
                .map(r -> r.get("spent", Long.class)).one());
        StepVerifier.create(stored.filter(n -> n >= before + 3)
                        .repeatWhenEmpty(tries -> tries.delayElements(Duration.ofMillis(100)))
                        .timeout(Duration.ofSeconds(20)))
                .expectNext(before + 3)
                .verifyComplete();
        web.get().uri("/api/v1/budget/" + SECOND).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.spentToday").isEqualTo((int) (before + 3));
    }

    @Test
    void unknownAccountIsRefusedByTheRegistry() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> budgets.of("nope"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsEveryAccountWithCapsRatesAndCapacity() {
        // The 5% reserve (3,000) shrinks with the part of the UTC day left (DailyPacing#reserve).
        long mostReserve = reserveLeftOf3000(java.time.Instant.now());
        web.get().uri("/api/v1/budget").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].accountId").isEqualTo(FIRST)
                .jsonPath("$[0].perSecondCap").isEqualTo(16.0)
                .jsonPath("$[0].effectivePerSecond").isEqualTo(14.4)
                .jsonPath("$[0].pacedCeilingPerSecond").isEqualTo(14.0)
                .jsonPath("$[0].dailyQuota").isEqualTo(60000)
                .jsonPath("$[0].sweepReserve").value(Integer.class, reserve -> assertThat((long) reserve)
                        .isBetween(reserveLeftOf3000(java.time.Instant.now()), mostReserve))
                .jsonPath("$[0].resetsAt").exists()
                .jsonPath("$[0].waiting").isEqualTo(0)
                .jsonPath("$[0].capacity.interval").isEqualTo("PT5M")
                .jsonPath("$[0].capacity.pagesPerMeeting").isEqualTo(1)
                .jsonPath("$[0].capacity.meetingsByRate").isEqualTo(4200)
                .jsonPath("$[1].accountId").isEqualTo(SECOND)
                .jsonPath("$[1].pacedCeilingPerSecond").isEqualTo(9.0)
                .jsonPath("$[1].capacity.meetingsByRate").isEqualTo(2700);
    }

    @Test
    void reportsTheBindingCapacityForTheAskedIntervalAndPages() {
        BudgetView view = web.get().uri("/api/v1/budget/{id}?interval=30s&pages=2", FIRST).exchange()
                .expectStatus().isOk()
                .expectBody(BudgetView.class).returnResult().getResponseBody();
        assertThat(view).isNotNull();
        BudgetView.Capacity c = view.capacity();
        assertThat(c.interval()).isEqualTo("PT30S");
        assertThat(c.meetingsByRate()).isEqualTo(14 * 30 / 2);
        long byDaily = (long) Math.floor(view.dailyPacedRatePerSecond() * 30 / 2 + 1e-9);
        assertThat(c.meetingsByDailyPacing()).isEqualTo(byDaily);
        assertThat(c.meetings()).isEqualTo(Math.min(c.meetingsByRate(), c.meetingsByDailyPacing()));
        assertThat(c.binding()).isEqualTo(byDaily < c.meetingsByRate() ? "daily" : "per-second");
        assertThat(c.summary()).contains("at interval PT30S with 2 page(s) per meeting, up to " + c.meetings());
        assertThat(view.remainingToday()).isEqualTo(view.dailyQuota() - view.spentToday());
    }

    @Test
    void unknownAccountIsA404Problem() {
        web.get().uri("/api/v1/budget/nope").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("nope"));
    }

    @Test
    void badIntervalOrPagesIsA400Problem() {
        for (String query : new String[] {"interval=soon", "interval=0s", "interval=-5m", "pages=0", "pages=two"}) {
            web.get().uri("/api/v1/budget/" + FIRST + "?" + query).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(400);
        }
        web.get().uri("/api/v1/budget?pages=0").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void exposesBudgetMetricsPerAccount() {
        management().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body)
                        .contains("qos_budget_remaining{account=\"" + FIRST + "\",window=\"day\"}")
                        .contains("qos_budget_rate{account=\"" + SECOND + "\"}")
                        .contains("qos_budget_spent{account=\"" + FIRST + "\"}")
                        .contains("qos_budget_waiting{account=\"" + FIRST + "\"}")
                        .contains("qos_budget_granted_total{account=\"" + FIRST + "\"}")
                        .contains("qos_budget_throttled_total{account=\"" + FIRST + "\",kind=\"per_second_exceeded\"}"));
    }

    @Test
    void aFailingAccountShowsItsReasonInTheBudgetAndTheMetricUntilItRecovers() {
        AccountBudget budget = budgets.of(SECOND);
        web.get().uri("/api/v1/budget/" + SECOND).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.failing").doesNotExist();
        budget.recordFailure(AccountFailure.CREDENTIALS_REFUSED);
        try {
            web.get().uri("/api/v1/budget/" + SECOND).exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.failing").isEqualTo("credentials_refused")
                    .jsonPath("$.pausedUntil").exists();
            management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                    .expectBody(String.class)
                    .value(body -> assertThat(body)
                            .contains("qos_zoom_account_failing{account=\"" + SECOND + "\",reason=\"credentials_refused\"} 1.0")
                            .contains("qos_zoom_account_failing{account=\"" + SECOND + "\",reason=\"unauthorized\"} 0.0")
                            .contains("qos_zoom_account_failing{account=\"" + FIRST + "\",reason=\"credentials_refused\"} 0.0"));
        } finally {
            budget.recordSuccess();
        }
        web.get().uri("/api/v1/budget/" + SECOND).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.failing").doesNotExist();
    }

    private static long reserveLeftOf3000(java.time.Instant at) {
        java.time.Instant midnight = LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return (long) Math.ceil(3000 * Duration.between(at, midnight).toMillis() / 86_400_000.0);
    }
}
