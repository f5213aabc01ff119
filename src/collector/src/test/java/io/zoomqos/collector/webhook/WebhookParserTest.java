package io.zoomqos.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookParserTest {

    private static WebhookEvent parse(WebhookEvent.Kind kind, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return WebhookParser.meetingEvent(kind, WebhookParser.tree(body), body);
    }

    private static String object(String objectFields) {
        return "{\"event\":\"meeting.started\",\"event_ts\":1741615205123,\"payload\":{\"account_id\":\"A1\",\"object\":{"
                + objectFields + "}}}";
    }

    @Test
    void readsTheStartedFixture() {
        byte[] body = WebhookSignatureTest.bytes("meeting.started.webhook.json");
        WebhookEvent e = WebhookParser.meetingEvent(WebhookEvent.Kind.STARTED, WebhookParser.tree(body), body);

        assertThat(e.meetingUuid()).isEqualTo("/Uh2nw9dQ9K0Xw+3UjLUSQ==");
        assertThat(e.meetingId()).isEqualTo(85746065432L);
        assertThat(e.accountId()).isEqualTo("AbCdEfGhIjKlMnOpQrStUv");
        assertThat(e.startTime()).isEqualTo(Instant.parse("2025-03-10T14:00:05Z"));
        assertThat(e.meetingType()).isEqualTo(2);
        assertThat(e.eventTs()).isEqualTo(1741615205123L);
        assertThat(e.rawBody()).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void boundsTheLengthOfEveryStoredString() {
        String longId = "x".repeat(WebhookParser.MAX_ID_LENGTH + 1);
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.STARTED, object("\"id\":1,\"uuid\":\"" + longId + "\"")))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("payload.object.uuid");
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.STARTED, object("\"id\":1,\"uuid\":\"u\",\"host_id\":\"" + longId + "\"")))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("host_id");
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.STARTED, object("\"id\":1,\"uuid\":\"u\",\"topic\":\""
                + "t".repeat(WebhookParser.MAX_TOPIC_LENGTH + 1) + "\"")))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("topic");
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.STARTED, object("\"id\":1,\"uuid\":\"u\",\"start_time\":\""
                + "2".repeat(WebhookParser.MAX_TIME_LENGTH + 1) + "\"")))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("start_time");
        String participant = "{\"event\":\"meeting.participant_joined\",\"event_ts\":5,\"payload\":{\"account_id\":\"A1\","
                + "\"object\":{\"uuid\":\"u\",\"participant\":{\"user_id\":\"" + longId + "\"}}}}";
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.PARTICIPANT_JOINED, participant))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("participant.user_id");
        String account = object("\"id\":1,\"uuid\":\"u\"").replace("\"A1\"", "\"" + longId + "\"");
        assertThatThrownBy(() -> WebhookParser.accountId(WebhookParser.tree(account.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("account_id");
        // At the bounds, accepted.
        String atBound = "y".repeat(WebhookParser.MAX_ID_LENGTH);
        assertThat(parse(WebhookEvent.Kind.STARTED, object("\"id\":1,\"uuid\":\"" + atBound + "\"")).meetingUuid()).isEqualTo(atBound);
    }

    @Test
    void acceptsANumericMeetingId() {
        assertThat(parse(WebhookEvent.Kind.STARTED, object("\"id\":123,\"uuid\":\"u\"")).meetingId()).isEqualTo(123L);
    }

    @Test
    void rejectsMalformedJsonAndWrongTypes() {
        assertThatThrownBy(() -> WebhookParser.tree("{\"event\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadWebhookException.class);
        assertThatThrownBy(() -> WebhookParser.tree("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadWebhookException.class);
        assertThatThrownBy(() -> WebhookParser.tree("{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadWebhookException.class);
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.STARTED, object("\"id\":\"12x\",\"uuid\":\"u\"")))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("payload.object.id");
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.STARTED, object("\"id\":\"1\",\"uuid\":42")))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("uuid");
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.STARTED, object("\"id\":\"1\",\"uuid\":\"u\",\"type\":\"two\"")))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.STARTED, object("\"id\":\"1\",\"uuid\":\"u\",\"start_time\":\"yesterday\"")))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("start_time");
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.PARTICIPANT_JOINED, object("\"id\":\"1\",\"uuid\":\"u\"")))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("participant");
        assertThatThrownBy(() -> parse(WebhookEvent.Kind.STARTED,
                "{\"event\":\"meeting.started\",\"event_ts\":\"soon\",\"payload\":{\"account_id\":\"A1\",\"object\":{\"id\":\"1\",\"uuid\":\"u\"}}}"))
                .isInstanceOf(BadWebhookException.class).hasMessageContaining("event_ts");
    }

    @Test
    void keysParticipantsByUserIdAndDedupsRedeliveriesOnly() {
        String joined = "{\"event\":\"meeting.participant_joined\",\"event_ts\":5,\"payload\":{\"account_id\":\"A1\",\"object\":{"
                + "\"uuid\":\"u\",\"participant\":{\"user_id\":\"16778240\",\"user_name\":\"x\"}}}}";
        WebhookEvent e = parse(WebhookEvent.Kind.PARTICIPANT_JOINED, joined);

        assertThat(e.participantKey()).isEqualTo("u:16778240");
        assertThat(e.meetingId()).isZero();
        assertThat(e.dedupKey()).isEqualTo(parse(WebhookEvent.Kind.PARTICIPANT_JOINED, joined).dedupKey());
        assertThat(e.dedupKey()).isNotEqualTo(parse(WebhookEvent.Kind.PARTICIPANT_JOINED,
                joined.replace("\"event_ts\":5", "\"event_ts\":6")).dedupKey());
    }
}
