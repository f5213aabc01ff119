package io.zoomqos.collector.web;

import java.net.InetSocketAddress;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The configuration contract promises {@code /actuator/health/liveness} and {@code /readiness} on
 * the main port, anonymous and status only, while every actuator endpoint lives on the
 * management port and Boot's extra probe paths on the main port take one path segment
 * ({@code /livez}, {@code /readyz}). Requests for the contract's paths that reach the main port
 * are served by those extra paths; runs before security, which lets exactly those two through.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProbeAliases implements WebFilter, ApplicationListener<WebServerInitializedEvent> {

    private static final Map<String, String> ALIASES = Map.of(
            "/actuator/health/liveness", "/livez",
            "/actuator/health/readiness", "/readyz");

    private volatile int mainPort = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            mainPort = event.getWebServer().getPort(); // the management server has a namespace of its own
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String alias = ALIASES.get(exchange.getRequest().getPath().value());
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        if (alias == null || local == null || local.getPort() != mainPort) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(r -> r.path(alias)).build());
    }
}
