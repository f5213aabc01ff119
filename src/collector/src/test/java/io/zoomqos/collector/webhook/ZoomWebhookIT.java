package io.zoomqos.collector.webhook;

import static io.zoomqos.collector.webhook.Webhooks.ACCOUNT;
import static io.zoomqos.collector.webhook.Webhooks.SECRET;
import static io.zoomqos.collector.webhook.Webhooks.SECOND_SECRET;
import static io.zoomqos.collector.webhook.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.polling.MeetingSignal;
import io.zoomqos.collector.polling.MeetingSignals;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

class ZoomWebhookIT extends CollectorIntegrationTest {

    private static final AtomicLong MEETING_IDS = new AtomicLong(90_000_000_000L);

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    MeetingSignals signals;
    @Autowired
    MeterRegistry meters;

    private final List<MeetingSignal> seen = new CopyOnWriteArrayList<>();
    private Disposable subscription;
    private String uuid;
    private long meetingId;
    private long ts;

    @BeforeEach
    void newMeeting() {
        subscription = signals.flux().subscribe(seen::add);
        uuid = Webhooks.newUuid();
        meetingId = MEETING_IDS.incrementAndGet();
        ts = Instant.now().toEpochMilli();
    }

    @AfterEach
    void stopListening() {
        subscription.dispose();
    }

    // --- happy path, duplicates, ordering -------------------------------------------------

    @Test
    void storesAStartedMeetingAsLiveBeforeAnswering() {
        post(web, Webhooks.started(ACCOUNT, uuid, meetingId, ts)).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("stored");

        // Answered only after the commit: the rows are visible the moment the 200 is.
        assertThat(eventCount(uuid)).isEqualTo(1);
        assertThat(meetingField(uuid, "state")).isEqualTo("live");
        assertThat(meetingField(uuid, "meeting_id::text")).isEqualTo(Long.toString(meetingId));
        assertThat(meetingField(uuid, "account_id")).isEqualTo(ACCOUNT);
        assertThat(meetingField(uuid, "topic")).isEqualTo("Sync");
        assertThat(meetingField(uuid, "host_id")).isEqualTo("h1");
        assertThat(meetingField(uuid, "start_time = '2025-03-10T14:00:05Z'::timestamptz")).isEqualTo("true");
    }

    @Test
    void aDuplicateDeliveryStoresNothingNew() {
        String body = Webhooks.started(ACCOUNT, uuid, meetingId, ts);
        post(web, body).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("stored");
        post(web, body).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("duplicate");

        assertThat(eventCount(uuid)).isEqualTo(1);
        assertThat(signalsFor(uuid)).extracting(MeetingSignal::kind).containsExactly(MeetingSignal.Kind.STARTED);
    }

    @Test
    void aLateStartedRetryNeverReopensAnEndedMeeting() {
        String started = Webhooks.started(ACCOUNT, uuid, meetingId, ts);
        post(web, started).expectStatus().isOk();
        post(web, Webhooks.ended(ACCOUNT, uuid, meetingId, ts + 60_000)).expectStatus().isOk();
        post(web, started).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("duplicate");
        // A distinct (not redelivered) started event arriving late does not reopen it either.
        post(web, Webhooks.started(ACCOUNT, uuid, meetingId, ts + 1)).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("stored");

        assertThat(meetingField(uuid, "state")).isEqualTo("ended");
        assertThat(meetingField(uuid, "end_time = '2025-03-10T14:47:31Z'::timestamptz")).isEqualTo("true");
        assertThat(signalsFor(uuid)).extracting(MeetingSignal::kind)
                .containsExactly(MeetingSignal.Kind.STARTED, MeetingSignal.Kind.ENDED);
    }

    @Test
    void anEndedBeforeStartedCreatesTheMeetingAsEnded() {
        post(web, Webhooks.ended(ACCOUNT, uuid, meetingId, ts + 60_000)).expectStatus().isOk();
        assertThat(meetingField(uuid, "state")).isEqualTo("ended");

        post(web, Webhooks.started(ACCOUNT, uuid, meetingId, ts)).expectStatus().isOk();

        assertThat(meetingField(uuid, "state")).isEqualTo("ended");
        assertThat(meetingField(uuid, "start_time = '2025-03-10T14:00:05Z'::timestamptz")).isEqualTo("true");
        assertThat(eventCount(uuid)).isEqualTo(2);
        MeetingSignal ended = new MeetingSignal(ACCOUNT, uuid, meetingId, MeetingSignal.Kind.ENDED,
                Instant.parse("2025-03-10T14:47:31Z"));
        assertThat(signalsFor(uuid)).containsExactly(ended);
    }

    @Test
    void countsDistinctParticipantsCurrentlyJoined() {
        post(web, Webhooks.started(ACCOUNT, uuid, meetingId, ts)).expectStatus().isOk();
        post(web, Webhooks.joined(uuid, meetingId, "100", ts + 1)).expectStatus().isOk();
        post(web, Webhooks.joined(uuid, meetingId, "200", ts + 2)).expectStatus().isOk();
        post(web, Webhooks.joined(uuid, meetingId, "100", ts + 1)).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("duplicate");
        assertThat(meetingField(uuid, "participant_count::text")).isEqualTo("2");

        post(web, Webhooks.left(uuid, meetingId, "100", ts + 10)).expectStatus().isOk();
        post(web, Webhooks.left(uuid, meetingId, "100", ts + 10)).expectStatus().isOk();
        post(web, Webhooks.left(uuid, meetingId, "999", ts + 11)).expectStatus().isOk(); // never joined
        assertThat(meetingField(uuid, "participant_count::text")).isEqualTo("1");

        // Out of order: 300's leave arrives before its join; the later event (the leave) wins.
        post(web, Webhooks.left(uuid, meetingId, "300", ts + 30)).expectStatus().isOk();
        post(web, Webhooks.joined(uuid, meetingId, "300", ts + 20)).expectStatus().isOk();
        post(web, Webhooks.left(uuid, meetingId, "200", ts + 40)).expectStatus().isOk();
        assertThat(meetingField(uuid, "participant_count::text")).isEqualTo("0");

        // A rejoin counts again.
        post(web, Webhooks.joined(uuid, meetingId, "100", ts + 50)).expectStatus().isOk();
        assertThat(meetingField(uuid, "participant_count::text")).isEqualTo("1");
    }

    @Test
    void aParticipantOfAnUnknownMeetingCreatesItLive() {
        post(web, Webhooks.joined(uuid, meetingId, "100", ts)).expectStatus().isOk();

        assertThat(meetingField(uuid, "state")).isEqualTo("live");
        assertThat(meetingField(uuid, "participant_count::text")).isEqualTo("1");
        assertThat(signalsFor(uuid)).extracting(MeetingSignal::kind).containsExactly(MeetingSignal.Kind.STARTED);
    }

    @Test
    void ignoresOtherEventTypesButAcknowledgesThem() {
        double before = count("other", "ignored");
        String body = "{\"event\":\"recording.completed\",\"event_ts\":" + ts + ",\"payload\":{\"account_id\":\""
                + ACCOUNT + "\",\"object\":{\"id\":\"" + meetingId + "\",\"uuid\":\"" + uuid + "\"}}}";

        post(web, body).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ignored");

        assertThat(eventCount(uuid)).isZero();
        assertThat(meetingCount(uuid)).isZero();
        assertThat(count("other", "ignored")).isEqualTo(before + 1);
    }

    // --- CRC ---------------------------------------------------------------------------------

    @Test
    void answersUrlValidationWithTheSecretThatSignedIt() {
        byte[] body = WebhookSignatureTest.bytes("endpoint.url_validation.request.json");

        post(web, body, SECRET, Webhooks.now()).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.plainToken").isEqualTo("Xy3kQ9pLm2WcR7tVb1NaZQ")
                .jsonPath("$.encryptedToken").isEqualTo("b1d33826c6a8f1be74d7847459763ceaaf980a6e68cb958e4fcc767904abfb77");

        post(web, body, SECOND_SECRET, Webhooks.now()).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.encryptedToken").isEqualTo(WebhookSignature.encryptToken(SECOND_SECRET, "Xy3kQ9pLm2WcR7tVb1NaZQ"));

        post(web, body, "not-a-configured-secret", Webhooks.now()).expectStatus().isUnauthorized();
    }

    // --- bad input: a clear problem+json, nothing stored --------------------------------------

    @Test
    void rejectsAMissingSignature() {
        double before = count("unknown", "rejected_signature");
        web.post().uri("/webhooks/zoom").contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.TIMESTAMP_HEADER, Webhooks.now())
                .bodyValue(Webhooks.started(ACCOUNT, uuid, meetingId, ts))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.detail").exists();

        assertNothingStored();
        assertThat(count("unknown", "rejected_signature")).isEqualTo(before + 1);
    }

    @Test
    void rejectsABadSignatureOrAnotherAccountsSecret() {
        byte[] body = Webhooks.started(ACCOUNT, uuid, meetingId, ts).getBytes(StandardCharsets.UTF_8);
        String now = Webhooks.now();
        web.post().uri("/webhooks/zoom").contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.TIMESTAMP_HEADER, now)
                .header(WebhookSignature.SIGNATURE_HEADER, "v0=" + "0".repeat(64))
                .bodyValue(body)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        // Signed by the second account, but claiming the first one.
        post(web, body, SECOND_SECRET, now).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        // Signed, then tampered with.
        String signature = WebhookSignature.sign(SECRET, now, body);
        web.post().uri("/webhooks/zoom").contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.TIMESTAMP_HEADER, now)
                .header(WebhookSignature.SIGNATURE_HEADER, signature)
                .bodyValue(new String(body, StandardCharsets.UTF_8).replace("Sync", "Sync!"))
                .exchange()
                .expectStatus().isUnauthorized();

        assertNothingStored();
    }

    @Test
    void rejectsAStaleOrFutureTimestamp() {
        byte[] body = Webhooks.started(ACCOUNT, uuid, meetingId, ts).getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        post(web, body, SECRET, Long.toString(now - 330)).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("tolerance 300 s"));
        // 30 s outside the tolerance, so a slow machine between here and the check cannot bring it inside.
        post(web, body, SECRET, Long.toString(now + 330)).expectStatus().isUnauthorized();
        post(web, body, SECRET, "yesterday").expectStatus().isUnauthorized();
        // The fixture's own timestamp (March 2025) is far outside the tolerance.
        post(web, body, SECRET, "1741615205").expectStatus().isUnauthorized();
        assertNothingStored();

        post(web, body, SECRET, Long.toString(now - 250)).expectStatus().isOk();
        assertThat(eventCount(uuid)).isEqualTo(1);
    }

    @Test
    void rejectsMalformedJsonAndWrongFieldTypes() {
        double before = count("meeting.started", "bad_request");
        post(web, "{\"event\":\"meeting.started\",".getBytes(StandardCharsets.UTF_8), SECRET, Webhooks.now())
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("malformed JSON");
        // Unsigned garbage learns nothing about its shape.
        post(web, "{not json".getBytes(StandardCharsets.UTF_8), "not-a-configured-secret", Webhooks.now())
                .expectStatus().isUnauthorized();

        post(web, Webhooks.started(ACCOUNT, uuid, meetingId, ts).replace("\"event_ts\":" + ts, "\"event_ts\":\"" + ts + "\""))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("event_ts"));
        post(web, Webhooks.started(ACCOUNT, uuid, meetingId, ts).replace("\"type\":2", "\"type\":\"two\""))
                .expectStatus().isBadRequest();
        post(web, Webhooks.started(ACCOUNT, uuid, meetingId, ts).replace("\"id\":\"" + meetingId + "\"", "\"id\":{}"))
                .expectStatus().isBadRequest();
        post(web, Webhooks.started(ACCOUNT, uuid, meetingId, ts).replace("2025-03-10T14:00:05Z", "soon"))
                .expectStatus().isBadRequest();

        assertNothingStored();
        assertThat(count("meeting.started", "bad_request")).isEqualTo(before + 4);
    }

    @Test
    void rejectsABodyOverOneMebibyte() {
        String padding = "x".repeat(1024 * 1024);
        String body = Webhooks.started(ACCOUNT, uuid, meetingId, ts).replace("\"topic\":\"Sync\"", "\"topic\":\"" + padding + "\"");
        double before = count("unknown", "too_large");

        post(web, body).expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        assertNothingStored();
        assertThat(count("unknown", "too_large")).isEqualTo(before + 1);
        // Just under the limit is fine. The padding is in a field the collector does not read: every
        // field it stores is bounded on its own (a 1 MB topic is refused with 400, WebhookParserTest).
        String fits = Webhooks.started(ACCOUNT, uuid, meetingId, ts);
        fits = fits.replace("\"topic\":\"Sync\"", "\"topic\":\"Sync\",\"padding\":\""
                + "y".repeat(1024 * 1024 - fits.length() - 22) + "\"");
        post(web, fits).expectStatus().isOk();
    }

    @Test
    void rejectsAnUnknownAccount() {
        post(web, Webhooks.started("NoSuchAccount", uuid, meetingId, ts).getBytes(StandardCharsets.UTF_8), SECRET, Webhooks.now())
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Unknown account");

        assertNothingStored();
    }

    @Test
    void anUnsignedRequestCannotProbeWhichAccountsAreConfigured() {
        byte[] unknown = Webhooks.started("NoSuchAccount", uuid, meetingId, ts).getBytes(StandardCharsets.UTF_8);
        byte[] known = Webhooks.started(Webhooks.ACCOUNT, uuid, meetingId, ts).getBytes(StandardCharsets.UTF_8);
        post(web, unknown, "not-a-configured-secret", Webhooks.now()).expectStatus().isUnauthorized();
        post(web, known, "not-a-configured-secret", Webhooks.now()).expectStatus().isUnauthorized();
        assertNothingStored();
    }

    @Test
    void aSecondAccountIsVerifiedWithItsOwnSecret() {
        String body = Webhooks.started(Webhooks.SECOND_ACCOUNT, uuid, meetingId, ts);
        post(web, body.getBytes(StandardCharsets.UTF_8), SECRET, Webhooks.now()).expectStatus().isUnauthorized();
        assertNothingStored();

        post(web, body.getBytes(StandardCharsets.UTF_8), SECOND_SECRET, Webhooks.now()).expectStatus().isOk();
        assertThat(meetingField(uuid, "account_id")).isEqualTo(Webhooks.SECOND_ACCOUNT);
    }

    @Test
    void aRowThePostgresRejectsIsABadRequestAndStoresNothing() {
        // JSON allows \u0000, PostgreSQL text and jsonb do not.
        post(web, Webhooks.started(ACCOUNT, uuid, meetingId, ts).replace("\"topic\":\"Sync\"", "\"topic\":\"a\\u0000b\""))
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingStored();
    }

    // --- counter ------------------------------------------------------------------------------

    @Test
    void countsWebhooksByEventAndOutcomeInPrometheus() {
        double stored = count("meeting.started", "stored");
        double duplicate = count("meeting.started", "duplicate");
        String body = Webhooks.started(ACCOUNT, uuid, meetingId, ts);
        post(web, body).expectStatus().isOk();
        post(web, body).expectStatus().isOk();

        assertThat(count("meeting.started", "stored")).isEqualTo(stored + 1);
        assertThat(count("meeting.started", "duplicate")).isEqualTo(duplicate + 1);
        management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(text -> assertThat(text)
                        .contains("qos_webhooks_received_total{event=\"meeting.started\",outcome=\"stored\"}")
                        .contains("qos_webhooks_received_total{event=\"meeting.started\",outcome=\"duplicate\"}"));
    }

    // --- helpers ------------------------------------------------------------------------------

    private double count(String event, String outcome) {
        var counter = meters.find("qos.webhooks.received").tag("event", event).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<MeetingSignal> signalsFor(String meetingUuid) {
        return seen.stream().filter(s -> s.meetingUuid().equals(meetingUuid)).toList();
    }

    private void assertNothingStored() {
        assertThat(eventCount(uuid)).isZero();
        assertThat(meetingCount(uuid)).isZero();
        assertThat(signalsFor(uuid)).isEmpty();
    }

    private long eventCount(String meetingUuid) {
        return db.sql("SELECT count(*) AS n FROM webhook_event WHERE meeting_uuid = $1").bind(0, meetingUuid)
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
    }

    private long meetingCount(String meetingUuid) {
        return db.sql("SELECT count(*) AS n FROM meeting WHERE meeting_uuid = $1").bind(0, meetingUuid)
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
    }

    private String meetingField(String meetingUuid, String expression) {
        return db.sql("SELECT (" + expression + ")::text AS v FROM meeting WHERE meeting_uuid = $1").bind(0, meetingUuid)
                .map(r -> r.get("v", String.class)).one().block(Duration.ofSeconds(10));
    }
}
