package io.zoomqos.collector;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

class ApplicationIT extends CollectorIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient db;

    @Test
    void startsMigratedAndReportsTheDatabaseInReadiness() {
        StepVerifier.create(db.sql("SELECT count(*) AS n FROM flyway_schema_history WHERE success")
                        .map(row -> row.get("n", Long.class)).one())
                .expectNextMatches(n -> n >= 1)
                .verifyComplete();

        // Details on the management port; the main port's probe says only the status.
        management().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP");
        management().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP");
        web.get().uri("/readyz").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components").doesNotExist();
    }

    @Test
    void exposesPrometheusMetrics() {
        management().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(body -> org.assertj.core.api.Assertions.assertThat(body).contains("jvm_memory_used_bytes"));
    }

    @Test
    void theMainPortServesNoMetrics() {
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
    }
}
