package io.zoomqos.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Zoom's Server-to-Server OAuth as the simulator plays it: {@code POST /oauth/token} with
 * {@code grant_type=account_credentials} issues a bearer token for a configured account (any
 * client credentials are accepted), valid for {@code tokenTtl} of real time. Thread-safe.
 */
final class OAuthTokens {

    private static final String SCOPE = "dashboard_meetings:read:admin dashboard:read:list_meeting_participants_qos:admin "
            + "dashboard:read:meeting_participant_qos:admin dashboard:read:list_meeting_participants:admin";

    /** An issued token: whose it is and until when (real time). */
    record Token(String accountId, Instant expiresAt) {
    }

    private final Set<String> accountIds;
    private final Duration ttl;
    private final SharedRandom random;
    private final Map<String, Token> tokens = new HashMap<>();

    OAuthTokens(Set<String> accountIds, Duration ttl, SharedRandom random) {
        this.accountIds = Set.copyOf(accountIds);
        this.ttl = ttl;
        this.random = random;
    }

    /** Answers a token request. */
    Outcome issue(SimRequest request, Instant realNow) {
        String grant = request.params().get("grant_type");
        String accountId = request.params().get("account_id");
        if (!"account_credentials".equals(grant)) {
            return Outcome.answered(accountId, oauthError(400, "unsupported_grant_type", "Unsupported grant type"));
        }
        if (!validBasic(request.authorization())) {
            return Outcome.answered(accountId, oauthError(401, "invalid_client", "Invalid client_id or client_secret"));
        }
        if (accountId == null || !accountIds.contains(accountId)) {
            return Outcome.answered(accountId, oauthError(400, "invalid_request", "Invalid account_id"));
        }
        String value;
        synchronized (this) {
            value = random.token(40);
            if (tokens.size() > 1_000) {
                tokens.values().removeIf(t -> !t.expiresAt().isAfter(realNow));
            }
            tokens.put(value, new Token(accountId, realNow.plus(ttl)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", value);
        body.put("token_type", "bearer");
        body.put("expires_in", ttl.toSeconds());
        body.put("scope", SCOPE);
        return Outcome.answered(accountId, SimResponse.ok(Json.write(body)));
    }

    /** The token an {@code Authorization: Bearer ...} header presents, expired or not; null if none was issued. */
    synchronized @Nullable Token bearer(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return tokens.get(authorization.substring(7).trim());
    }

    /** The account of an access token issued here and not expired at {@code realNow}; null otherwise. */
    synchronized @Nullable String account(String accessToken, Instant realNow) {
        Token t = tokens.get(accessToken);
        return t == null || !t.expiresAt().isAfter(realNow) ? null : t.accountId();
    }

    /** Any well-formed {@code Basic base64(id:secret)}: the simulator does not check credentials. */
    private static boolean validBasic(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            return decoded.indexOf(':') > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The OAuth server's error shape, unlike the API's {@code {"code","message"}}. */
    private static SimResponse oauthError(int status, String error, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason);
        m.put("error", error);
        return new SimResponse(status, Map.of(), Json.write(m));
    }
}
