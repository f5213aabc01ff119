package io.zoomqos.collector.live;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The JSON of an event on the wire: its envelope fields and its payload under {@code data}. */
final class FeedCodec {

    private final ObjectMapper mapper;

    FeedCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String encode(FeedEvent event) {
        return mapper.writeValueAsString(envelope(event));
    }

    /** The same JSON as a reader without {@code qos.read.pii} gets it (see {@link ReadPseudonyms#redact}). */
    String encode(FeedEvent event, ReadPseudonyms pseudonyms) {
        JsonNode tree = mapper.valueToTree(envelope(event));
        pseudonyms.redact(tree);
        return mapper.writeValueAsString(tree);
    }

    private static Map<String, Object> envelope(FeedEvent event) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", event.type().eventName());
        envelope.put("accountId", event.accountId());
        envelope.put("meetingUuid", event.meetingUuid());
        envelope.put("participantKey", event.participantKey());
        envelope.put("seq", event.seq());
        envelope.put("data", event.data());
        return envelope;
    }

    String encodeValue(Object value) {
        return mapper.writeValueAsString(value);
    }

    ObjectMapper mapper() {
        return mapper;
    }
}
