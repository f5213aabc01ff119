package io.zoomqos.collector.web;

import io.zoomqos.collector.web.security.AuthProperties;
import io.zoomqos.collector.web.security.Scopes;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Whether this caller may see people's names, user ids, devices and locations: only with scope
 * {@code qos.read.pii} (or when every surface is open, {@code QOS_AUTH_DISABLED=true}).
 */
@Component
class PersonalData {

    private final boolean open;

    PersonalData(AuthProperties auth) {
        this.open = auth.disabled();
    }

    Mono<Boolean> visibleTo(ServerWebExchange exchange) {
        if (open) {
            return Mono.just(true);
        }
        String pii = Scopes.authority(Scopes.READ_PII);
        return exchange.getPrincipal()
                .map(p -> p instanceof Authentication a && a.getAuthorities().stream().anyMatch(g -> pii.equals(g.getAuthority())))
                .defaultIfEmpty(false);
    }
}
