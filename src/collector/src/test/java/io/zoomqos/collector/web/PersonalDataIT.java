package io.zoomqos.collector.web;

import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.store.ParticipantRepository;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A participant's name, ids, device and location only for callers with scope qos.read.pii. */
class PersonalDataIT extends CollectorIntegrationTest {

    /** The it profile's second static token: scope qos.read only (application-it.yml). */
    static final String READ_ONLY = "Bearer it-token-read-only-NOT-A-SECRET";

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    ParticipantRepository participants;
    @LocalServerPort
    int port;

    @Test
    void namesDevicesAndLocationsNeedThePiiScope() {
        String uuid = "pii-meeting";
        db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, state, start_time) VALUES ($1, 7, 'AbCdEfGhIjKlMnOpQrStUv', 'ended', now())")
                .bind(0, uuid).then().block(Duration.ofSeconds(10));
        participants.upsert(List.of(new ParticipantInfo(uuid, "u:9", "9", "puuid9", "Grace", "Mac", "DE", "Wifi",
                Instant.parse("2026-11-25T10:00:00Z"), null, "6.1"))).block(Duration.ofSeconds(10));

        web.get().uri("/api/v1/meetings/{uuid}/participants", uuid).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.participants[0].userName").isEqualTo("Grace")
                .jsonPath("$.participants[0].device").isEqualTo("Mac");

        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/api/v1/meetings/{uuid}/participants", uuid).header(HttpHeaders.AUTHORIZATION, READ_ONLY).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.participants[0].participantKey").isEqualTo("u:9")
                .jsonPath("$.participants[0].networkType").isEqualTo("Wifi")
                .jsonPath("$.participants[0].userName").doesNotExist()
                .jsonPath("$.participants[0].userId").doesNotExist()
                .jsonPath("$.participants[0].participantUuid").doesNotExist()
                .jsonPath("$.participants[0].device").doesNotExist()
                .jsonPath("$.participants[0].location").doesNotExist();
    }
}
