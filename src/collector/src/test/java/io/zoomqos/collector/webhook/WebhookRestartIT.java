package io.zoomqos.collector.webhook;

import org.springframework.http.HttpHeaders;
import io.zoomqos.collector.support.ItAuthentication;
import io.zoomqos.collector.QosCollectorApplication;
import io.zoomqos.collector.support.OwnNettyResources;
import io.zoomqos.collector.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What was acknowledged survives a restart of the service on the same database. */
class WebhookRestartIT {

    private final String database = TestDatabase.freshDatabase();

    @Test
    void aStoredMeetingSurvivesARestartOnTheSameDatabase() {
        String uuid = "/Uh2nw9dQ9K0Xw+3UjLUSQ==";
        try (ConfigurableApplicationContext app = start()) {
            Webhooks.post(client(app), Webhooks.started(Webhooks.ACCOUNT, uuid, 85746065432L, Instant.now().toEpochMilli()))
                    .expectStatus().isOk();
        }
        try (ConfigurableApplicationContext app = start()) {
            client(app).get().uri("/api/v1/meetings/{uuid}", uuid).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.uuid").isEqualTo(uuid)
                    .jsonPath("$.meetingId").isEqualTo(85746065432L)
                    .jsonPath("$.state").isEqualTo("LIVE");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(QosCollectorApplication.class, OwnNettyResources.class)
                // Spring MVC is on the test class path (support/TestIssuer): say which stack this is.
                .web(WebApplicationType.REACTIVE)
                .profiles("it")
                .run("--server.port=0", "--qos.db.url=" + TestDatabase.server().r2dbcUrl(database),
                        "--qos.db.user=" + TestDatabase.server().user(), "--qos.db.password=" + TestDatabase.server().password());
    }

    private static WebTestClient client(ConfigurableApplicationContext app) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                .defaultHeader(HttpHeaders.AUTHORIZATION, ItAuthentication.AUTHORIZATION)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
