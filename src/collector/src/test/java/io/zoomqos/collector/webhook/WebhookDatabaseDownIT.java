package io.zoomqos.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zoomqos.collector.QosCollectorApplication;
import io.zoomqos.collector.support.OwnNettyResources;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The database goes away under a running service: webhooks get 503 (Zoom retries), never 200. */
class WebhookDatabaseDownIT {

    @Test
    void answers503AndNever200WhileTheDatabaseIsDown() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(QosCollectorApplication.class, OwnNettyResources.class)
                // Spring MVC is on the test class path (support/TestIssuer): say which stack this is.
                .web(WebApplicationType.REACTIVE)
                .profiles("it")
                .run("--server.port=0",
                        "--qos.db.url=r2dbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                        "--qos.db.user=postgres", "--qos.db.password=",
                        "--qos.webhook.commit-timeout=2s")) {
            WebTestClient web = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(Duration.ofSeconds(30))
                    .build();
            long ts = Instant.now().toEpochMilli();
            Webhooks.post(web, Webhooks.started(Webhooks.ACCOUNT, Webhooks.newUuid(), 1, ts)).expectStatus().isOk();

            postgres.close();

            for (int i = 0; i < 3; i++) {
                Webhooks.post(web, Webhooks.started(Webhooks.ACCOUNT, Webhooks.newUuid(), 2 + i, ts + i))
                        .expectStatus().isEqualTo(503)
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Long.parseLong(v)).isPositive());
            }
            var meters = app.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            assertThat(meters.get("qos.webhooks.received").tag("event", "meeting.started").tag("outcome", "unavailable")
                    .counter().count()).isEqualTo(3);
        } finally {
            postgres.close();
        }
    }
}
