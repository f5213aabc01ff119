package io.zoomqos.collector.web;

import java.net.InetSocketAddress;
import java.security.Principal;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Whose SSE connection this is, for the per-client limit ({@code qos.live.limits.per-client}):
 * the authenticated principal's name when the exchange has one (a token's subject, a signed-in
 * user, a static token's digest prefix), else the remote address.
 */
final class SubscriberKeyResolver {

    private SubscriberKeyResolver() {
    }

    /** {@code principal:<name>} when signed in, else {@code address:<ip>} ({@code address:unknown} without one). */
    static Mono<String> keyOf(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .map(Principal::getName)
                .filter(name -> !name.isBlank())
                .map(name -> "principal:" + name)
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
                    return "address:" + (remote == null || remote.getAddress() == null ? "unknown"
                            : remote.getAddress().getHostAddress());
                }));
    }
}
