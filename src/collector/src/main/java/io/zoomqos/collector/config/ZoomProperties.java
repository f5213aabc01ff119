package io.zoomqos.collector.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Zoom side of the configuration: where Zoom is, and the accounts we collect for.
 *
 * <p>Environment variables of the configuration contract (README.md#configuration) are mapped onto
 * these properties by placeholders in {@code application.yml}; a single-account setup needs
 * only environment variables, several accounts are listed in YAML.
 *
 * @param apiUrl REST base, {@code https://api.zoom.us/v2} unless pointed at a simulator
 * @param oauthUrl OAuth base; the token endpoint is {@code {oauthUrl}/oauth/token}
 * @param webhookTolerance accepted clock skew of {@code x-zm-request-timestamp}
 * @param accounts the Zoom accounts; a webhook's {@code payload.account_id} picks one
 */
@Validated
@ConfigurationProperties("qos.zoom")
public record ZoomProperties(
        @NotNull URI apiUrl,
        @NotNull URI oauthUrl,
        @NotNull @DefaultValue("300s") Duration webhookTolerance,
        @NotEmpty List<@Valid Account> accounts) {

    /**
     * One Zoom account. Secrets come from the environment or mounted files only, never from
     * files in the repository, and are never logged ({@link #toString()} hides them).
     */
    public record Account(
            String id,
            String webhookSecret,
            String clientId,
            String clientSecret,
            @NotNull @Valid Budget budget) {

        public boolean hasCredentials() {
            return clientId != null && !clientId.isBlank();
        }

        @Override
        public String toString() {
            return "Account[id=" + id + ", clientId=" + (hasCredentials() ? clientId : "<none>")
                    + ", webhookSecret=<hidden>, clientSecret=<hidden>, budget=" + budget + "]";
        }
    }

    /**
     * The account's Zoom limits for Heavy calls, as we plan with them.
     *
     * @param perSecond the account's per-second cap (Zoom: Pro 10, Business+ 40; users plan with 16)
     * @param headroom fraction of the cap kept unused to absorb network jitter
     * @param daily Heavy + Resource-intensive calls per day (Pro 30,000, Business+ 60,000)
     * @param sweepReserve fraction of the daily quota kept for end-of-meeting sweeps
     */
    public record Budget(
            @Positive @DefaultValue("16") double perSecond,
            @DecimalMin("0.0") @DecimalMax("0.9") @DefaultValue("0.10") double headroom,
            @Positive @DefaultValue("60000") long daily,
            @DecimalMin("0.0") @DecimalMax("0.5") @DefaultValue("0.05") double sweepReserve) {

        /** Requests per second we actually allow ourselves: the cap minus the headroom. */
        public double effectivePerSecond() {
            return perSecond * (1.0 - headroom);
        }
    }
}
