package io.zoomqos.collector.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Zoom's webhook signature: {@code v0=} + hex HMAC-SHA256(secret, {@code v0:{timestamp}:{body}}),
 * computed over the raw request bytes (never a re-serialised JSON), compared in constant time.
 * Also the URL-validation (CRC) token: hex HMAC-SHA256(secret, plainToken).
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "x-zm-signature";
    public static final String TIMESTAMP_HEADER = "x-zm-request-timestamp";

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PREFIX = "v0:".getBytes(StandardCharsets.US_ASCII);

    private WebhookSignature() {
    }

    /** The {@code x-zm-signature} value Zoom would send for these bytes. */
    public static String sign(String secret, String timestamp, byte[] body) {
        Mac mac = mac(secret);
        mac.update(PREFIX);
        mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) ':');
        mac.update(body);
        return "v0=" + HEX.formatHex(mac.doFinal());
    }

    /** True when {@code signature} is exactly what {@code secret} gives for timestamp and body. */
    public static boolean verify(String secret, String timestamp, byte[] body, String signature) {
        if (secret == null || secret.isEmpty() || timestamp == null || signature == null) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        // MessageDigest.isEqual does not return early on the first differing byte.
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code encryptedToken} of the {@code endpoint.url_validation} answer. */
    public static String encryptToken(String secret, String plainToken) {
        return HEX.formatHex(mac(secret).doFinal(plainToken.getBytes(StandardCharsets.UTF_8)));
    }

    private static Mac mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
