package io.zoomqos.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@TestPropertySource(properties = {"qos.privacy.mode=pseudonymous",
        "qos.privacy.key=it-only-pseudonym-key-0123456789abcdef"})
class PseudonymousWebhookIT extends CollectorIntegrationTest {

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;

    @Test
    void nothingPersonalFromAWebhookIsStoredAndRedeliveriesStillDedup() {
        String uuid = Webhooks.newUuid();
        long ts = Instant.now().toEpochMilli();
        String body = Webhooks.joined(uuid, 91, "alice-user-id", ts)
                .replace("\"user_name\":\"someone\"", "\"user_name\":\"Alice Example\",\"email\":\"alice@example.com\","
                        + "\"participant_uuid\":\"alice-participant-uuid\"");

        Webhooks.post(web, body).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("stored");
        Webhooks.post(web, body).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("duplicate");
        Webhooks.post(web, Webhooks.left(uuid, 91, "alice-user-id", ts + 1)).expectStatus().isOk();

        List<String> stored = db.sql("SELECT e.payload::text || e.dedup_key || p.participant_key || coalesce(m.host_id, '')"
                        + " FROM webhook_event e JOIN meeting m ON m.meeting_uuid = e.meeting_uuid"
                        + " JOIN meeting_participant p ON p.meeting_uuid = e.meeting_uuid WHERE e.meeting_uuid = $1")
                .bind(0, uuid).map(row -> row.get(0, String.class)).all().collectList().block(Duration.ofSeconds(10));
        assertThat(stored).hasSize(2).allSatisfy(text -> assertThat(text)
                .doesNotContain("alice", "Alice", "someone", "\"h1\"")
                .contains("\"pseudonymous\": true"));
        // Join and leave of one person still meet on one pseudonymous key: the count went back to 0.
        assertThat(db.sql("SELECT participant_count FROM meeting WHERE meeting_uuid = $1").bind(0, uuid)
                .map(row -> row.get(0, Integer.class)).one().block(Duration.ofSeconds(10))).isZero();
        assertThat(db.sql("SELECT count(*) FROM meeting_participant WHERE meeting_uuid = $1").bind(0, uuid)
                .map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(10))).isEqualTo(1L);
    }
}
