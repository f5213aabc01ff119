package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.QosSample;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Replaces what identifies a person (display names, Zoom user ids, participant ids, host ids,
 * e-mails) by a keyed hash, {@code HMAC-SHA256(key, value)} cut to 128 bits, before it is stored.
 * The same value always gets the same pseudonym, so rows still join (a participant's samples, its
 * webhooks, its summary); without the key the value cannot be recovered nor confirmed by guessing.
 * In plain mode every method returns its input.
 */
public final class Pseudonyms {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int BYTES = 16;

    private final @Nullable SecretKeySpec key;
    // Mac instances are not thread-safe; one per thread avoids both locking and a lookup per value.
    private final @Nullable ThreadLocal<Mac> macs;

    private Pseudonyms(@Nullable SecretKeySpec key) {
        this.key = key;
        this.macs = key == null ? null : ThreadLocal.withInitial(this::newMac);
    }

    public static Pseudonyms from(PrivacyProperties properties) {
        String k = properties.key();
        return properties.mode() == PrivacyProperties.Mode.PSEUDONYMOUS && k != null
                ? keyed(k.strip().getBytes(StandardCharsets.UTF_8)) : plain();
    }

    public static Pseudonyms plain() {
        return new Pseudonyms(null);
    }

    public static Pseudonyms keyed(byte[] key) {
        return new Pseudonyms(new SecretKeySpec(key.clone(), ALGORITHM));
    }

    /** True in pseudonymous mode. */
    public boolean enabled() {
        return key != null;
    }

    /** The pseudonym of {@code value} ({@code h:} and 32 hex digits); null and blank stay as they are. */
    public @Nullable String of(@Nullable String value) {
        if (macs == null || value == null || value.isBlank()) {
            return value;
        }
        byte[] digest = macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        return "h:" + HexFormat.of().formatHex(digest, 0, BYTES);
    }

    /**
     * A participant key ({@code u:<user id>}, {@code g:<digest>}, {@code p:}, {@code i:}) keeps its
     * kind prefix and has the rest replaced, so webhooks and polls of one person still meet.
     */
    public String participantKey(String participantKey) {
        if (macs == null) {
            return participantKey;
        }
        int colon = participantKey.indexOf(':');
        String kind = colon > 0 && colon <= 2 ? participantKey.substring(0, colon + 1) : "";
        byte[] digest = macs.get().doFinal(participantKey.getBytes(StandardCharsets.UTF_8));
        return kind + HexFormat.of().formatHex(digest, 0, BYTES);
    }

    /** Name, user id, participant id and key replaced; device, location, network and client version kept. */
    public ParticipantInfo participant(ParticipantInfo p) {
        if (macs == null) {
            return p;
        }
        return new ParticipantInfo(p.meetingUuid(), participantKey(p.participantKey()), of(p.userId()),
                of(p.participantUuid()), of(p.userName()), p.device(), p.location(), p.networkType(), p.joinTime(),
                p.leaveTime(), p.clientVersion());
    }

    public QosSample sample(QosSample s) {
        if (macs == null) {
            return s;
        }
        return new QosSample(s.meetingUuid(), participantKey(s.participantKey()), s.minute(), s.streams(), s.cpu());
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
