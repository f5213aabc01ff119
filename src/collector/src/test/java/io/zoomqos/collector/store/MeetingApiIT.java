package io.zoomqos.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

class MeetingApiIT extends CollectorIntegrationTest {

    /** The shared fixtures' meeting: it starts with '/' and holds '+' and '='. */
    static final String FIXTURE_UUID = "/Uh2nw9dQ9K0Xw+3UjLUSQ==";

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    Environment environment;

    private String account;

    @BeforeEach
    void meetings() {
        // An account of its own, so other test classes' meetings in the shared database don't interfere.
        account = "acct-" + UUID.randomUUID();
        insert(FIXTURE_UUID.equals(existing(FIXTURE_UUID)) ? "x" + UUID.randomUUID() : FIXTURE_UUID, "live", 3);
        insert("live-" + UUID.randomUUID(), "live", 1);
        insert("ended-" + UUID.randomUUID(), "ended", 0);
    }

    @Test
    void findsAMeetingByItsUrlEncodedUuid() {
        URI uri = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port")
                + "/api/v1/meetings/%2FUh2nw9dQ9K0Xw%2B3UjLUSQ%3D%3D");
        web.get().uri(uri).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.uuid").isEqualTo(FIXTURE_UUID)
                .jsonPath("$.meetingId").isEqualTo(85746065432L)
                .jsonPath("$.state").isEqualTo("LIVE")
                .jsonPath("$.participantCount").isEqualTo(3)
                .jsonPath("$.startTime").isEqualTo("2025-03-10T14:00:05Z");
    }

    @Test
    void answersAnUnknownUuidWithAProblem() {
        web.get().uri("/api/v1/meetings/{uuid}", "/no+such==").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404).jsonPath("$.detail").isEqualTo("no meeting with uuid /no+such==");
    }

    @Test
    void listsMeetingsByStateAndAccount() {
        web.get().uri("/api/v1/meetings?state=live&account={a}", account).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[*].state").value(states -> assertThat(states.toString()).doesNotContain("ENDED"));
        web.get().uri("/api/v1/meetings?state=ended&account={a}", account).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].state").isEqualTo("ENDED");
        web.get().uri("/api/v1/meetings?account={a}", account).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(3);
        web.get().uri("/api/v1/meetings?account={a}&limit=2", account).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2);
    }

    @Test
    void rejectsABadStateOrLimit() {
        web.get().uri("/api/v1/meetings?state=paused").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("live").contains("ended"));
        web.get().uri("/api/v1/meetings?limit=0").exchange().expectStatus().isBadRequest();
        web.get().uri("/api/v1/meetings?limit=100000").exchange().expectStatus().isBadRequest();
        web.get().uri("/api/v1/meetings?limit=ten").exchange().expectStatus().isBadRequest();
    }

    private String existing(String uuid) {
        return db.sql("SELECT meeting_uuid FROM meeting WHERE meeting_uuid = $1").bind(0, uuid)
                .map(r -> r.get("meeting_uuid", String.class)).one().block(Duration.ofSeconds(10));
    }

    private void insert(String uuid, String state, int participants) {
        db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, state, start_time, participant_count) "
                        + "VALUES ($1, 85746065432, $2, $3, '2025-03-10T14:00:05Z', $4)")
                .bind(0, uuid).bind(1, account).bind(2, state).bind(3, participants)
                .then().block(Duration.ofSeconds(10));
    }
}
