package io.zoomqos.simulator;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Zoom's webhook signature: {@code v0=} + hex HMAC-SHA256(secret, {@code v0:{ts}:{body}}). */
public final class WebhookSigner {

    public static final String TIMESTAMP_HEADER = "x-zm-request-timestamp";
    public static final String SIGNATURE_HEADER = "x-zm-signature";

    private WebhookSigner() {
    }

    public static String sign(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestampSeconds + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    public static String sign(String secret, long timestampSeconds, String body) {
        return sign(secret, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
    }
}
