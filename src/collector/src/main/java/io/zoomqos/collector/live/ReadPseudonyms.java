package io.zoomqos.collector.live;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a reader without scope {@code qos.read.pii} sees in place of identifiers built from
 * people (participant keys hold user ids, participant ids or a digest of name and e-mail; host
 * ids are user ids): a keyed pseudonym, {@code x:} and base64url. The same identifier always gets
 * the same pseudonym, on every replica holding the same key, so charts still group per
 * participant; and only this service can turn it back, which keeps the {@code participant}
 * filters and the paging cursors working for such readers without exposing what they resolve to.
 *
 * <p>The construction is SIV (deterministic authenticated encryption): the IV is
 * HMAC-SHA256(macKey, value) cut to 128 bits, the value is AES-CTR encrypted under it, and a
 * pseudonym is accepted back only when the IV matches its decryption. Both keys are derived from
 * one secret; without it a pseudonym reveals nothing and none can be forged.
 */
public final class ReadPseudonyms {

    /** The prefix of every pseudonym; no participant key of the store starts with it. */
    public static final String PREFIX = "x:";

    /** Fields that name or locate a person: left out of what such readers get. */
    static final Set<String> PERSONAL_FIELDS = Set.of("userId", "participantUuid", "userName", "email", "userEmail",
            "device", "location", "ipAddress");
    /** Fields that identify a person: pseudonymised. */
    static final Set<String> IDENTIFYING_FIELDS = Set.of("participantKey", "hostId");

    private static final int IV_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec macKey;
    private final SecretKeySpec encryptionKey;
    // Neither Mac nor Cipher is thread-safe; one per thread avoids both locks and a lookup per value.
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<Cipher> ciphers;

    private ReadPseudonyms(byte[] secret) {
        this.macKey = new SecretKeySpec(derive(secret, "qos read pseudonyms: mac"), "HmacSHA256");
        this.encryptionKey = new SecretKeySpec(Arrays.copyOf(derive(secret, "qos read pseudonyms: aes"), 16), "AES");
        this.macs = ThreadLocal.withInitial(() -> mac(macKey));
        this.ciphers = ThreadLocal.withInitial(ReadPseudonyms::cipher);
    }

    /** @param secret at least 32 bytes of a secret every replica shares */
    public static ReadPseudonyms keyed(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the secret of the read pseudonyms needs at least 32 bytes");
        }
        return new ReadPseudonyms(secret.clone());
    }

    /** The pseudonym of {@code value}; null stays null. */
    public @Nullable String of(@Nullable String value) {
        if (value == null) {
            return null;
        }
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        byte[] iv = Arrays.copyOf(macs.get().doFinal(plain), IV_BYTES);
        byte[] out = Arrays.copyOf(iv, IV_BYTES + plain.length);
        System.arraycopy(crypt(iv, plain), 0, out, IV_BYTES, plain.length);
        return PREFIX + ENCODER.encodeToString(out);
    }

    /** What {@code pseudonym} stands for, or null when it is not one this key issued. */
    public @Nullable String reveal(@Nullable String pseudonym) {
        if (pseudonym == null || !pseudonym.startsWith(PREFIX)) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(pseudonym.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length < IV_BYTES) {
            return null;
        }
        byte[] iv = Arrays.copyOf(raw, IV_BYTES);
        byte[] plain = crypt(iv, Arrays.copyOfRange(raw, IV_BYTES, raw.length));
        byte[] expected = Arrays.copyOf(macs.get().doFinal(plain), IV_BYTES);
        return MessageDigest.isEqual(iv, expected) ? new String(plain, StandardCharsets.UTF_8) : null;
    }

    /**
     * A reader's {@code participant} filter as the store knows it: the participant behind a
     * pseudonym, else a key no participant has. A raw key is never taken as given, so guessing one
     * ({@code u:<user id>}) cannot tell whether that person was in a meeting.
     */
    public @Nullable String resolveFilter(@Nullable String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String key = reveal(given);
        return key != null ? key : "!" + given;
    }

    /** Replaces, in place and at any depth, identifying fields by pseudonyms and drops personal ones. */
    public void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : new ArrayList<>(object.propertyNames())) {
                JsonNode value = object.get(name);
                if (PERSONAL_FIELDS.contains(name)) {
                    object.remove(name);
                } else if (IDENTIFYING_FIELDS.contains(name) && value.isString()) {
                    object.put(name, of(value.stringValue()));
                } else {
                    redact(value);
                }
            }
        } else if (node.isArray()) {
            node.forEach(this::redact);
        }
    }

    private byte[] crypt(byte[] iv, byte[] input) {
        Cipher cipher = ciphers.get();
        try {
            // CTR: encrypting and decrypting are the same operation.
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is part of every Java runtime", e);
        }
    }

    private static byte[] derive(byte[] secret, String purpose) {
        return mac(new SecretKeySpec(secret, "HmacSHA256")).doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static Cipher cipher() {
        try {
            return Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is part of every Java runtime", e);
        }
    }
}
