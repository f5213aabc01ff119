package io.zoomqos.collector.webhook;

import io.zoomqos.collector.store.Pseudonyms;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pseudonymous mode for webhooks, applied before an event is queued: the participant key and the
 * host id become pseudonyms, and the raw body is <em>not</em> kept as Zoom sent it (it names the
 * participant, their e-mail, their user ids): what is stored instead is the event rebuilt from
 * the fields we read, with {@code "pseudonymous": true}. In plain mode events pass unchanged.
 */
final class WebhookPrivacy {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Pseudonyms pseudonyms;

    WebhookPrivacy(Pseudonyms pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    WebhookEvent apply(WebhookEvent e) {
        if (!pseudonyms.enabled()) {
            return e;
        }
        String participantKey = e.participantKey() == null ? null : pseudonyms.participantKey(e.participantKey());
        String hostId = pseudonyms.of(e.hostId());
        ObjectNode root = JSON.createObjectNode();
        root.put("event", e.kind().zoomName);
        root.put("event_ts", e.eventTs());
        root.put("pseudonymous", true);
        ObjectNode payload = root.putObject("payload");
        payload.put("account_id", e.accountId());
        ObjectNode object = payload.putObject("object");
        object.put("uuid", e.meetingUuid());
        object.put("id", e.meetingId());
        object.put("host_id", hostId);
        object.put("topic", e.topic());
        object.put("type", e.meetingType());
        object.put("start_time", e.startTime() == null ? null : e.startTime().toString());
        if (e.endTime() != null) {
            object.put("end_time", e.endTime().toString());
        }
        if (participantKey != null) {
            object.putObject("participant").put("participant_key", participantKey);
        }
        return new WebhookEvent(e.kind(), e.eventTs(), e.accountId(), e.meetingUuid(), e.meetingId(), hostId, e.topic(),
                e.meetingType(), e.startTime(), e.endTime(), participantKey, JSON.writeValueAsString(root));
    }
}
