package io.zoomqos.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Against the constructed vectors in fixtures/zoom/webhook.signature-vectors.json. */
class WebhookSignatureTest {

    private static final JsonNode VECTORS = json("webhook.signature-vectors.json");
    private static final String SECRET = VECTORS.path("webhook_secret_token").stringValue();
    private static final JsonNode EVENT = VECTORS.path("event_signature");
    private static final String TS = EVENT.path("x-zm-request-timestamp").stringValue();

    @Test
    void signsTheCompactBodyAsZoomDoes() {
        byte[] body = EVENT.path("raw_body_compact").stringValue().getBytes(StandardCharsets.UTF_8);
        String expected = EVENT.path("expected_x_zm_signature_for_compact_body").stringValue();

        assertThat(WebhookSignature.sign(SECRET, TS, body)).isEqualTo(expected);
        assertThat(WebhookSignature.verify(SECRET, TS, body, expected)).isTrue();
    }

    @Test
    void verifiesTheRawFileBytesNotAReserialisedJson() {
        byte[] file = bytes(EVENT.path("body_file").stringValue());
        String expected = EVENT.path("expected_x_zm_signature_for_body_file_bytes").stringValue();

        assertThat(WebhookSignature.verify(SECRET, TS, file, expected)).isTrue();
        // The compact form of the same JSON is a different byte sequence, hence a different signature.
        assertThat(WebhookSignature.verify(SECRET, TS, file,
                EVENT.path("expected_x_zm_signature_for_compact_body").stringValue())).isFalse();
    }

    @Test
    void rejectsATamperedBody() {
        byte[] tampered = EVENT.path("tampered_body_must_fail").stringValue().getBytes(StandardCharsets.UTF_8);
        String signature = EVENT.path("expected_x_zm_signature_for_compact_body").stringValue();

        assertThat(WebhookSignature.verify(SECRET, TS, tampered, signature)).isFalse();
    }

    @Test
    void rejectsAnotherTimestampOrSecretOrAMangledSignature() {
        byte[] body = EVENT.path("raw_body_compact").stringValue().getBytes(StandardCharsets.UTF_8);
        String signature = EVENT.path("expected_x_zm_signature_for_compact_body").stringValue();

        assertThat(WebhookSignature.verify(SECRET, "1741615206", body, signature)).isFalse();
        assertThat(WebhookSignature.verify("another-secret", TS, body, signature)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TS, body, signature.toUpperCase())).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TS, body, signature.substring(0, signature.length() - 1))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TS, body, "")).isFalse();
        assertThat(WebhookSignature.verify("", TS, body, signature)).isFalse();
    }

    @Test
    void verifiesTheSignedUrlValidationRequestAndEncryptsItsToken() {
        JsonNode crc = VECTORS.path("url_validation");
        byte[] file = bytes(crc.path("request_file").stringValue());
        JsonNode headers = crc.path("request_headers");

        assertThat(WebhookSignature.verify(SECRET, headers.path("x-zm-request-timestamp").stringValue(), file,
                headers.path("x-zm-signature").stringValue())).isTrue();
        assertThat(WebhookSignature.encryptToken(SECRET, crc.path("plainToken").stringValue()))
                .isEqualTo(crc.path("expected_response_body").path("encryptedToken").stringValue());
    }

    static byte[] bytes(String fixture) {
        try (InputStream in = WebhookSignatureTest.class.getResourceAsStream("/fixtures/zoom/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String fixture) {
        return JsonMapper.builder().build().readTree(bytes(fixture));
    }
}
