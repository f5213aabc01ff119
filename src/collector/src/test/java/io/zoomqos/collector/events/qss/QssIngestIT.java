package io.zoomqos.collector.events.qss;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.events.EventSource;
import io.zoomqos.collector.events.Fixtures;
import io.zoomqos.collector.events.ZoomEventSink;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import io.zoomqos.collector.webhook.WebhookSignature;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** QSS events through the webhook endpoint and the event seam, on a real PostgreSQL. */
class QssIngestIT extends CollectorIntegrationTest {

    private static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";
    private static final String SECRET = "fixture-secret-token-NOT-REAL";

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    QosRepository samples;
    @Autowired
    ZoomEventSink sink;

    private String uuid;
    private Instant minute;

    @BeforeEach
    void newMeeting() {
        uuid = "/" + UUID.randomUUID().toString().replace("-", "").substring(0, 20) + "+q==";
        // Recent minutes: the retention job must never see them as old.
        minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
    }

    @Test
    void aQssEventIsStoredAsAParticipantMinuteFromQssBeforeTheAnswer() {
        post(qos(minute)).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("stored");

        assertThat(field("SELECT source FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("qss");
        assertThat(field("SELECT audio_input_bitrate_kbps::text FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("27.15");
        assertThat(field("SELECT participant_key FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("u:16778240");
        // Its meeting.started never came: the QSS event made the meeting known, and says so.
        assertThat(field("SELECT state || ',' || discovered_by FROM meeting WHERE meeting_uuid = $1")).isEqualTo("live,qss");
        assertThat(field("SELECT (qss_last_at = $2)::text FROM meeting WHERE meeting_uuid = $1", minute)).isEqualTo("true");
    }

    @Test
    void theNextMinuteMovesTheMeetingOnAndANewLeaveTimeReachesTheParticipant() {
        post(qos(minute)).expectStatus().isOk();
        post(qos(minute)).expectStatus().isOk(); // unchanged rows: left out of the batch's statements

        Instant next = minute.plus(1, ChronoUnit.MINUTES);
        post(qos(next).replace("\"join_time\": \"2025-03-10T14:00:41Z\"",
                        "\"join_time\": \"2025-03-10T14:00:41Z\", \"leave_time\": \"" + next.plusSeconds(30) + "\""))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("stored");

        assertThat(field("SELECT (qss_last_at = $2)::text FROM meeting WHERE meeting_uuid = $1", next)).isEqualTo("true");
        assertThat(field("SELECT (leave_time = $2)::text FROM participant WHERE meeting_uuid = $1", next.plusSeconds(30)))
                .isEqualTo("true");
        assertThat(field("SELECT count(*)::text FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("2");
    }

    @Test
    void aRedeliveryStoresNothingNew() {
        post(qos(minute)).expectStatus().isOk();
        post(qos(minute)).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("duplicate");

        assertThat(field("SELECT count(*)::text FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("1");
    }

    @Test
    void aMinuteThePollerStoredIsCompletedNotDuplicatedAndKeepsItsSource() {
        QosSample polled = new QosSample(uuid, "u:16778240", minute,
                Map.of(StreamKind.VIDEO_OUTPUT, new StreamMetrics(100.0, null, null, null, null, null, null, null)), null);
        StepVerifier.create(samples.saveSamples(List.of(polled))).expectNextCount(1).verifyComplete();

        post(qos(minute)).expectStatus().isOk();

        assertThat(field("SELECT count(*)::text FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("1");
        assertThat(field("SELECT source FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("poll");
        assertThat(field("SELECT audio_input_bitrate_kbps::text || '/' || video_output_bitrate_kbps::text FROM qos_sample"
                + " WHERE meeting_uuid = $1")).isEqualTo("27.15/100");
    }

    @Test
    void aSummaryKeepsZoomsFiguresAndTheParticipantsLeaveTime() {
        post(qos(minute)).expectStatus().isOk();
        post(Fixtures.zoom("meeting.participant_qos_summary.webhook.json").replace("/Uh2nw9dQ9K0Xw+3UjLUSQ==", uuid))
                .expectStatus().isOk();

        assertThat(field("SELECT qos->0->>'type' FROM participant_qss_summary WHERE meeting_uuid = $1")).isEqualTo("audio_input");
        assertThat(field("SELECT leave_time = '2025-03-10T14:47:31Z'::timestamptz FROM participant WHERE meeting_uuid = $1"))
                .isEqualTo("true");
        assertThat(field("SELECT minutes_with_data::text FROM participant_summary WHERE meeting_uuid = $1")).isEqualTo("1");
    }

    @Test
    void anEventNamingNoMeetingIsRefusedAlone() {
        post(qos(minute).replace("\"uuid\"", "\"uid\"")).expectStatus().isBadRequest();
        post(qos(minute)).expectStatus().isOk();
    }

    @Test
    void theSameEventOverTheWebSocketAndByWebhookIsStoredOnceWithItsFirstSource() {
        String started = "{\"event\":\"meeting.started\",\"event_ts\":1741615205123,\"payload\":{\"account_id\":\"" + ACCOUNT
                + "\",\"object\":{\"id\":\"85746065432\",\"uuid\":\"" + uuid + "\",\"start_time\":\"2025-03-10T14:00:05Z\"}}}";

        StepVerifier.create(sink.accept(ACCOUNT, started.getBytes(StandardCharsets.UTF_8), EventSource.WEBSOCKET))
                .expectNext(ZoomEventSink.Outcome.STORED).verifyComplete();
        post(started).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("duplicate");
        StepVerifier.create(sink.accept(ACCOUNT, qos(minute).getBytes(StandardCharsets.UTF_8), EventSource.WEBSOCKET))
                .expectNext(ZoomEventSink.Outcome.STORED).verifyComplete();

        assertThat(field("SELECT string_agg(source, ',') FROM webhook_event WHERE meeting_uuid = $1")).isEqualTo("websocket");
        assertThat(field("SELECT discovered_by IS NULL FROM meeting WHERE meeting_uuid = $1")).isEqualTo("true");
        assertThat(field("SELECT count(*)::text FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("1");
    }

    @Test
    void anEventForAnotherAccountIsNotTakenFromTheSocket() {
        String other = qos(minute).replace(ACCOUNT, "SecondAccount000000000");

        StepVerifier.create(sink.accept(ACCOUNT, other.getBytes(StandardCharsets.UTF_8), EventSource.WEBSOCKET))
                .expectNext(ZoomEventSink.Outcome.UNREADABLE).verifyComplete();
        assertThat(field("SELECT count(*)::text FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("0");
    }

    @Test
    void qssBatchesGoOnWhileTheLiveEventLogCannotCommitTheirAlerts(@Autowired ConnectionFactory connections) {
        // Another session holds the live event writers' advisory lock ("qosE", LiveEventLog.EVENT_LOCK_KEY):
        // the alerts these minutes raise cannot commit. More batches than QSS writers must still be answered.
        Connection holder = Mono.from(connections.create()).block();
        try {
            Flux.from(holder.createStatement("SELECT pg_advisory_lock(" + 0x716f7345L + ")").execute())
                    .flatMap(r -> r.map((row, meta) -> 1)).blockLast();
            for (int i = 0; i < 4; i++) {
                Instant at = minute.minus(i, ChronoUnit.MINUTES);
                post(qos(at).replace("\"latency\": \"20 ms\"", "\"latency\": \"400 ms\""))
                        .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("stored");
            }
            assertThat(field("SELECT count(*)::text FROM qos_sample WHERE meeting_uuid = $1")).isEqualTo("4");
        } finally {
            Flux.from(holder.createStatement("SELECT pg_advisory_unlock(" + 0x716f7345L + ")").execute())
                    .flatMap(r -> r.map((row, meta) -> 1)).blockLast();
            Mono.from(holder.close()).block();
        }
    }

    private String qos(Instant at) {
        return Fixtures.zoom("meeting.participant_qos.webhook.json")
                .replace("/Uh2nw9dQ9K0Xw+3UjLUSQ==", uuid)
                .replace("2025-03-10T14:02:00Z", at.toString());
    }

    private WebTestClient.ResponseSpec post(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(Instant.now().getEpochSecond());
        return web.post().uri("/webhooks/zoom").contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.TIMESTAMP_HEADER, ts)
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(SECRET, ts, body))
                .bodyValue(body).exchange();
    }

    private String field(String sql) {
        return db.sql(sql).bind(0, uuid).map(row -> String.valueOf(row.get(0))).one().block();
    }

    private String field(String sql, Instant at) {
        return db.sql(sql).bind(0, uuid).bind(1, at.atOffset(java.time.ZoneOffset.UTC))
                .map(row -> String.valueOf(row.get(0))).one().block();
    }
}
