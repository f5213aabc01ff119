package io.zoomqos.collector.web.security;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication of the read surfaces ({@code qos.auth}).
 *
 * @param disabled every read surface open ({@code QOS_AUTH_DISABLED}); only the demo sets it
 * @param issuerUri OIDC issuer ({@code QOS_AUTH_ISSUER_URI}): bearer JWTs are checked against its keys
 *        and the page signs people in through it; blank: no OIDC
 * @param audience required {@code aud} of those JWTs ({@code QOS_AUTH_AUDIENCE}); blank: not checked
 * @param apiTokens static bearer tokens ({@code QOS_API_TOKENS}): comma-separated
 *        {@code sha256:<hex>[=scope+scope]}, default scope {@code qos.read}
 * @param clientId the page's OIDC client ({@code QOS_AUTH_CLIENT_ID}); blank: no browser sign-in
 * @param clientSecret its secret ({@code QOS_AUTH_CLIENT_SECRET}); blank: a public client (PKCE alone)
 * @param scopes scopes the page asks the issuer for at sign-in
 * @param disabledWarningEvery how often {@code disabled} is logged again as a warning
 */
@Validated
@ConfigurationProperties("qos.auth")
public record AuthProperties(
        boolean disabled,
        @Nullable String issuerUri,
        @Nullable String audience,
        @Nullable String apiTokens,
        @Nullable String clientId,
        @Nullable String clientSecret,
        @NotNull List<String> scopes,
        @NotNull Duration disabledWarningEvery) {

    public boolean oidc() {
        return issuerUri != null && !issuerUri.isBlank();
    }

    public boolean browserSignIn() {
        return oidc() && clientId != null && !clientId.isBlank();
    }
}
