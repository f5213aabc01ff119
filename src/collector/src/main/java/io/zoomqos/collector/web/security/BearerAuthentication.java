package io.zoomqos.collector.web.security;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Authenticates a bearer token: a static token of {@code QOS_API_TOKENS} if its digest is
 * configured, else a JWT of the OIDC issuer (when one is configured), else a 401. A token that
 * looks like neither is refused with the same text whatever the reason, and the text never
 * holds the token.
 */
final class BearerAuthentication implements ReactiveAuthenticationManager {

    private final StaticTokens tokens;
    private final @Nullable ReactiveAuthenticationManager jwt;

    BearerAuthentication(StaticTokens tokens, @Nullable ReactiveAuthenticationManager jwt) {
        this.tokens = tokens;
        this.jwt = jwt;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
            return Mono.empty();
        }
        StaticTokens.Entry entry = tokens.match(bearer.getToken());
        if (entry != null) {
            return Mono.just(new StaticTokenAuthentication(entry));
        }
        if (jwt != null && bearer.getToken().chars().filter(c -> c == '.').count() == 2) {
            return jwt.authenticate(authentication);
        }
        return Mono.error(new InvalidBearerTokenException("unknown or revoked token"));
    }

    /** A caller that presented a configured static token; named by its digest's first digits. */
    static final class StaticTokenAuthentication extends AbstractAuthenticationToken {

        private final String name;

        StaticTokenAuthentication(StaticTokens.Entry entry) {
            super(entry.scopes().stream().map(s -> new SimpleGrantedAuthority(Scopes.authority(s))).toList());
            this.name = entry.name();
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return name;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
