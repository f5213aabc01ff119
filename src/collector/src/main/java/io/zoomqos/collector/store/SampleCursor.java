package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.QosSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A keyset position in a meeting's samples, ordered by (minute, participant key). Opaque to
 * clients: base64url of {@code <minute>\n<participant key>}.
 */
public record SampleCursor(Instant minute, String participantKey) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((minute + "\n" + participantKey).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor we issued */
    public static SampleCursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int nl = raw.indexOf('\n');
            if (nl < 0) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new SampleCursor(Instant.parse(raw.substring(0, nl)), raw.substring(nl + 1));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }

    public static SampleCursor of(QosSample s) {
        return new SampleCursor(s.minute(), s.participantKey());
    }
}
