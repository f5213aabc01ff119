package io.zoomqos.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class WebhookGroupCommitIT extends CollectorIntegrationTest {

    @Autowired
    WebhookIngestor ingestor;
    @Autowired
    DatabaseClient db;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Environment environment;

    @Test
    void concurrentRequestsShareTransactionsAndEachIsAnsweredAfterItsCommit() {
        DistributionSummary batches = meters.get("qos.webhooks.batch.size").summary();
        long transactionsBefore = batches.count();
        double eventsBefore = batches.totalAmount();
        int requests = 300;
        String uuid = Webhooks.newUuid();
        long ts = Instant.now().toEpochMilli();
        WebClient client = WebClient.create("http://127.0.0.1:" + environment.getProperty("local.server.port"));

        List<Integer> statuses = Flux.range(0, requests)
                .flatMap(i -> {
                    byte[] body = Webhooks.joined(uuid, 4242, "user-" + i, ts + i).getBytes(StandardCharsets.UTF_8);
                    String now = Webhooks.now();
                    return client.post().uri("/webhooks/zoom").contentType(MediaType.APPLICATION_JSON)
                            .header(WebhookSignature.TIMESTAMP_HEADER, now)
                            .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(Webhooks.SECRET, now, body))
                            .bodyValue(body)
                            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                            // Each 200 must mean "committed": the row is readable right then.
                            .flatMap(status -> eventVisible(uuid, "u:user-" + i).map(visible -> visible ? status : -status));
                }, requests)
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(statuses).hasSize(requests).containsOnly(200);
        assertThat(batches.totalAmount() - eventsBefore).isEqualTo(requests);
        long transactions = batches.count() - transactionsBefore;
        assertThat(transactions).as("transactions for %d concurrent requests", requests).isLessThan(requests / 2);
        assertThat(participantCount(uuid)).isEqualTo(requests);
    }

    @Test
    void oneBadRowFailsAloneAndTheRestOfItsBatchIsStored() {
        String uuid = Webhooks.newUuid();
        long ts = Instant.now().toEpochMilli();
        List<WebhookEvent> events = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String body = Webhooks.joined(uuid, 77, "p" + i, ts + i);
            if (i == 4) {
                body = body.replace("\"topic\":\"Sync\"", "\"topic\":\"bad\\u0000row\"");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            events.add(WebhookParser.meetingEvent(WebhookEvent.Kind.PARTICIPANT_JOINED, WebhookParser.tree(bytes), bytes));
        }

        List<Mono<WebhookEventStore.Outcome>> results = ingestor.submitAll(events);

        for (int i = 0; i < results.size(); i++) {
            if (i == 4) {
                StepVerifier.create(results.get(i)).expectError(BadWebhookException.class).verify(Duration.ofSeconds(10));
            } else {
                StepVerifier.create(results.get(i)).expectNext(WebhookEventStore.Outcome.STORED).verifyComplete();
            }
        }
        assertThat(participantCount(uuid)).isEqualTo(8);
        assertThat(eventVisible(uuid, "u:p4").block(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void aSignedEventWithA40KbUuidIsRefusedAloneAnd39ValidOnesSentWithItAreStored() {
        String uuid = Webhooks.newUuid();
        long ts = Instant.now().toEpochMilli();
        String hugeUuid = "/" + "x".repeat(40_000) + "==";
        WebClient client = WebClient.create("http://127.0.0.1:" + environment.getProperty("local.server.port"));

        List<Integer> statuses = Flux.range(0, 40)
                .flatMap(i -> {
                    String body = i == 17 ? Webhooks.joined(hugeUuid, 79, "poison", ts) : Webhooks.joined(uuid, 79, "v" + i, ts + i);
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    String now = Webhooks.now();
                    return client.post().uri("/webhooks/zoom").contentType(MediaType.APPLICATION_JSON)
                            .header(WebhookSignature.TIMESTAMP_HEADER, now)
                            .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(Webhooks.SECRET, now, bytes))
                            .bodyValue(bytes)
                            .exchangeToMono(r -> r.releaseBody().thenReturn(i == 17 ? -r.statusCode().value() : r.statusCode().value()));
                }, 40)
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(statuses).hasSize(40).containsOnlyOnce(-400).filteredOn(s -> s > 0).hasSize(39).containsOnly(200);
        assertThat(participantCount(uuid)).isEqualTo(39);
    }

    @Test
    void aValueTooLargeForItsIndexFailsAloneInTheDatabaseToo() {
        // Past the parser (which bounds every field): the database's own refusal, SQLSTATE 54000
        // "index row requires ... bytes", must be this event's 400, not its batch's 503.
        String uuid = Webhooks.newUuid();
        long ts = Instant.now().toEpochMilli();
        List<WebhookEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] bytes = Webhooks.joined(uuid, 80, "w" + i, ts + i).getBytes(StandardCharsets.UTF_8);
            WebhookEvent e = WebhookParser.meetingEvent(WebhookEvent.Kind.PARTICIPANT_JOINED, WebhookParser.tree(bytes), bytes);
            if (i == 23) {
                e = new WebhookEvent(e.kind(), e.eventTs(), e.accountId(), "/" + randomText(40_000), e.meetingId(),
                        e.hostId(), e.topic(), e.meetingType(), e.startTime(), e.endTime(), e.participantKey(), e.rawBody());
            }
            events.add(e);
        }

        List<Mono<WebhookEventStore.Outcome>> results = ingestor.submitAll(events);

        for (int i = 0; i < results.size(); i++) {
            if (i == 23) {
                StepVerifier.create(results.get(i)).expectError(BadWebhookException.class).verify(Duration.ofSeconds(20));
            } else {
                StepVerifier.create(results.get(i)).expectNext(WebhookEventStore.Outcome.STORED).verifyComplete();
            }
        }
        assertThat(participantCount(uuid)).isEqualTo(39);
    }

    /** Incompressible, so PostgreSQL cannot shrink it under its index entry limit. */
    private static String randomText(int length) {
        java.util.Random random = new java.util.Random(42);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    @Test
    void aFullQueueIsRefusedAtOnceNotBuffered() {
        String uuid = Webhooks.newUuid();
        long ts = Instant.now().toEpochMilli();
        List<WebhookEvent> events = new ArrayList<>();
        for (int i = 0; i < 5000; i++) { // queue-capacity is 4096
            byte[] bytes = Webhooks.joined(uuid, 78, "q" + i, ts + i).getBytes(StandardCharsets.UTF_8);
            events.add(WebhookParser.meetingEvent(WebhookEvent.Kind.PARTICIPANT_JOINED, WebhookParser.tree(bytes), bytes));
        }

        List<Mono<WebhookEventStore.Outcome>> results = ingestor.submitAll(events);

        long refused = Flux.fromIterable(results)
                .flatMap(m -> m.map(o -> 0).onErrorResume(WebhookUnavailableException.class,
                        e -> Mono.just(e.overloaded() ? 1 : 100)))
                .reduce(0, Integer::sum)
                .block(Duration.ofSeconds(60));
        assertThat(refused).isEqualTo(5000 - 4096);
        assertThat(participantCount(uuid)).isEqualTo(4096);
    }

    private Mono<Boolean> eventVisible(String uuid, String participantKey) {
        return db.sql("SELECT count(*) AS n FROM webhook_event WHERE meeting_uuid = $1 AND dedup_key LIKE '%|' || $2")
                .bind(0, uuid).bind(1, participantKey)
                .map(r -> r.get("n", Long.class) == 1).one();
    }

    private long participantCount(String uuid) {
        return db.sql("SELECT participant_count AS n FROM meeting WHERE meeting_uuid = $1").bind(0, uuid)
                .map(r -> r.get("n", Integer.class)).one().block(Duration.ofSeconds(10));
    }
}
