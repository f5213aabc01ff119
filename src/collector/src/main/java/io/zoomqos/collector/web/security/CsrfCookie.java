package io.zoomqos.collector.web.security;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Makes the CSRF token exist on every response of a signed-in browser, so its cookie
 * ({@code XSRF-TOKEN}) is there when the page's sign-out form needs it: WebFlux creates the
 * token only when something subscribes to it.
 */
final class CsrfCookie implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return token == null ? chain.filter(exchange) : token.then(chain.filter(exchange));
    }
}
