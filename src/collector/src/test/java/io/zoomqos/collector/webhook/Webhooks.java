package io.zoomqos.collector.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Builds and signs webhooks the way Zoom does, for the fixture accounts of profile {@code it}. */
final class Webhooks {

    static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";
    static final String SECRET = "fixture-secret-token-NOT-REAL";
    static final String SECOND_ACCOUNT = "SecondAccount000000000";
    static final String SECOND_SECRET = "second-account-secret-NOT-REAL";

    private Webhooks() {
    }

    /** A meeting UUID of Zoom's shape, with the characters that need URL-encoding. */
    static String newUuid() {
        return "/" + UUID.randomUUID().toString().replace("-", "").substring(0, 20) + "+x==";
    }

    static String started(String account, String uuid, long meetingId, long eventTs) {
        return "{\"event\":\"meeting.started\",\"event_ts\":" + eventTs + ",\"payload\":{\"account_id\":\"" + account
                + "\",\"object\":{\"id\":\"" + meetingId + "\",\"uuid\":\"" + uuid + "\",\"host_id\":\"h1\","
                + "\"topic\":\"Sync\",\"type\":2,\"start_time\":\"2025-03-10T14:00:05Z\",\"duration\":60}}}";
    }

    static String ended(String account, String uuid, long meetingId, long eventTs) {
        return "{\"event\":\"meeting.ended\",\"event_ts\":" + eventTs + ",\"payload\":{\"account_id\":\"" + account
                + "\",\"object\":{\"id\":\"" + meetingId + "\",\"uuid\":\"" + uuid + "\",\"host_id\":\"h1\","
                + "\"topic\":\"Sync\",\"type\":2,\"start_time\":\"2025-03-10T14:00:05Z\",\"duration\":60,"
                + "\"end_time\":\"2025-03-10T14:47:31Z\"}}}";
    }

    static String participant(String event, String account, String uuid, long meetingId, String userId, long eventTs) {
        String time = event.endsWith("joined") ? "join_time" : "leave_time";
        return "{\"event\":\"" + event + "\",\"event_ts\":" + eventTs + ",\"payload\":{\"account_id\":\"" + account
                + "\",\"object\":{\"id\":\"" + meetingId + "\",\"uuid\":\"" + uuid + "\",\"host_id\":\"h1\","
                + "\"topic\":\"Sync\",\"type\":2,\"start_time\":\"2025-03-10T14:00:05Z\",\"participant\":{\"user_id\":\""
                + userId + "\",\"user_name\":\"someone\",\"" + time + "\":\"2025-03-10T14:01:00Z\"}}}}";
    }

    static String joined(String uuid, long meetingId, String userId, long eventTs) {
        return participant("meeting.participant_joined", ACCOUNT, uuid, meetingId, userId, eventTs);
    }

    static String left(String uuid, long meetingId, String userId, long eventTs) {
        return participant("meeting.participant_left", ACCOUNT, uuid, meetingId, userId, eventTs);
    }

    static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    static WebTestClient.ResponseSpec post(WebTestClient web, String body) {
        return post(web, body.getBytes(StandardCharsets.UTF_8), SECRET, now());
    }

    static WebTestClient.ResponseSpec post(WebTestClient web, byte[] body, String secret, String timestamp) {
        return web.post().uri("/webhooks/zoom")
                .contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                .bodyValue(body)
                .exchange();
    }
}
