package io.zoomqos.collector.web;

import io.zoomqos.collector.web.security.AuthProperties;
import io.zoomqos.collector.web.security.Scopes;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The scopes of the caller of an exchange, as its token or sign-in granted them; every scope when
 * every surface is open ({@code QOS_AUTH_DISABLED=true}).
 */
@Component
class CallerScopes {

    static final Set<String> ALL = Set.of(Scopes.READ, Scopes.READ_PII, Scopes.ADMIN);

    private static final String PREFIX = Scopes.authority("");

    private final boolean open;

    CallerScopes(AuthProperties auth) {
        this.open = auth.disabled();
    }

    Mono<Set<String>> of(ServerWebExchange exchange) {
        if (open) {
            return Mono.just(ALL);
        }
        return exchange.getPrincipal()
                .map(p -> {
                    Set<String> scopes = new TreeSet<>();
                    if (p instanceof Authentication a) {
                        for (GrantedAuthority g : a.getAuthorities()) {
                            String name = g.getAuthority();
                            if (name != null && name.startsWith(PREFIX)) {
                                scopes.add(name.substring(PREFIX.length()));
                            }
                        }
                    }
                    return (Set<String>) scopes;
                })
                .defaultIfEmpty(Set.of());
    }
}
