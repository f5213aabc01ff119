package io.zoomqos.collector.webhook;

import io.zoomqos.collector.QosCollectorApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The default setup (embedded PostgreSQL in a data directory) keeps what it acknowledged across a restart. */
class WebhookRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void aStoredMeetingSurvivesARestartOnTheSameDataDirectory() {
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
        return new SpringApplicationBuilder(QosCollectorApplication.class)
                .profiles("it")
                .run("--server.port=0", "--qos.db.url=", "--qos.db.embedded-dir=" + dataDir.resolve("pg"));
    }

    private static WebTestClient client(ConfigurableApplicationContext app) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
