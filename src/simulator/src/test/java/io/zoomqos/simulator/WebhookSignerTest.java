package io.zoomqos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The signer against the shared fixture vectors (cross-checked with openssl by their author). */
class WebhookSignerTest {

    private static final JsonNode VECTORS = read("webhook.signature-vectors.json");

    @Test
    void signsTheCompactBodyLikeTheFixtureVector() {
        JsonNode v = VECTORS.get("event_signature");
        String secret = VECTORS.get("webhook_secret_token").asString();
        long ts = Long.parseLong(v.get("x-zm-request-timestamp").asString());
        assertThat(WebhookSigner.sign(secret, ts, v.get("raw_body_compact").asString()))
                .isEqualTo(v.get("expected_x_zm_signature_for_compact_body").asString());
        assertThat(WebhookSigner.sign(secret, ts, v.get("tampered_body_must_fail").asString()))
                .isNotEqualTo(v.get("expected_x_zm_signature_for_compact_body").asString());
    }

    @Test
    void signsTheExactBytesOfTheBodyFile() throws IOException {
        JsonNode v = VECTORS.get("event_signature");
        byte[] bytes;
        try (InputStream in = WebhookSignerTest.class.getResourceAsStream("/fixtures/zoom/" + v.get("body_file").asString())) {
            bytes = in.readAllBytes();
        }
        assertThat(WebhookSigner.sign(VECTORS.get("webhook_secret_token").asString(),
                Long.parseLong(v.get("x-zm-request-timestamp").asString()), bytes))
                .isEqualTo(v.get("expected_x_zm_signature_for_body_file_bytes").asString());
    }

    private static JsonNode read(String name) {
        return SimFixtures.JSON.readTree(WebhookSignerTest.class.getResourceAsStream("/fixtures/zoom/" + name));
    }
}
