package io.zoomqos.collector.web;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Pins over HTTP, seen in the meeting JSON of every replica (they read PostgreSQL), and the forecast. */
class AttentionApiIT extends CollectorIntegrationTest {

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;

    @Test
    void aPinnedMeetingSaysSoInItsJsonUntilUnpinned() {
        String uuid = "pin-" + UUID.randomUUID();
        db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, state, start_time) VALUES ($1, 7, 'acct-pin', 'live', $2)")
                .bind(0, uuid).bind(1, Instant.parse("2026-12-01T10:00:00Z")).then().block(Duration.ofSeconds(10));

        web.put().uri("/api/v1/meetings/{uuid}/pin", uuid).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.pinned").isEqualTo(true);
        web.put().uri("/api/v1/meetings/{uuid}/pin", uuid).exchange().expectStatus().isOk();
        web.get().uri("/api/v1/meetings/{uuid}", uuid).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.pinned").isEqualTo(true);

        web.delete().uri("/api/v1/meetings/{uuid}/pin", uuid).exchange().expectStatus().isNoContent();
        web.delete().uri("/api/v1/meetings/{uuid}/pin", uuid).exchange().expectStatus().isNoContent();
        web.get().uri("/api/v1/meetings/{uuid}", uuid).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.pinned").isEqualTo(false);
    }

    @Test
    void pinningAnUnknownMeetingIsAProblem() {
        web.put().uri("/api/v1/meetings/{uuid}/pin", "no-such-" + UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theForecastListsTheAccountsThisReplicaDrives() {
        web.get().uri("/api/v1/budget/forecast").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$").isArray();
    }
}
