package io.zoomqos.collector.store;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What is kept of the people in a meeting.
 *
 * @param mode {@code plain} ({@code QOS_PRIVACY_MODE}, default): names and ids are stored as Zoom
 *     sends them; {@code pseudonymous}: names, user ids, participant ids, host ids and e-mails are
 *     replaced by keyed hashes before anything is stored (see {@link Pseudonyms})
 * @param key the HMAC-SHA256 key of the pseudonyms ({@code QOS_PRIVACY_KEY}, at least 32
 *     characters); required in pseudonymous mode. Changing it changes every pseudonym: rows stored
 *     before and after no longer join.
 */
@Validated
@ConfigurationProperties("qos.privacy")
public record PrivacyProperties(@NotNull @DefaultValue("plain") Mode mode, @Nullable String key) {

    /** The smallest key accepted: shorter keys are guessable. */
    public static final int MIN_KEY_LENGTH = 32;

    public enum Mode { PLAIN, PSEUDONYMOUS }

    public PrivacyProperties {
        if (mode == Mode.PSEUDONYMOUS && (key == null || key.isBlank())) {
            throw new IllegalArgumentException("QOS_PRIVACY_KEY (qos.privacy.key) is required when QOS_PRIVACY_MODE"
                    + " (qos.privacy.mode) is pseudonymous: give a secret of at least " + MIN_KEY_LENGTH + " characters");
        }
        if (mode == Mode.PSEUDONYMOUS && key.strip().length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("QOS_PRIVACY_KEY (qos.privacy.key) must be at least " + MIN_KEY_LENGTH
                    + " characters long");
        }
    }
}
