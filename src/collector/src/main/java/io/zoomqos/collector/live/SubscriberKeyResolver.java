package io.zoomqos.collector.live;

import java.net.InetSocketAddress;
import java.security.Principal;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Whose SSE connection this is, for the per-client limit ({@code qos.live.limits.per-client}).
 * The default is the authenticated principal's name when the exchange has one, else the remote
 * address; a security configuration that knows better (a token's subject, a user behind a proxy)
 * provides its own bean of this type and the default steps aside (see LiveConfiguration).
 */
@FunctionalInterface
public interface SubscriberKeyResolver {

    /** A non-empty key; connections with equal keys share one limit. */
    Mono<String> keyOf(ServerRequest request);

    /** {@code principal:<name>} when signed in, else {@code address:<ip>} ({@code address:unknown} without one). */
    static SubscriberKeyResolver principalOrAddress() {
        return request -> request.principal()
                .map(Principal::getName)
                .filter(name -> !name.isBlank())
                .map(name -> "principal:" + name)
                .switchIfEmpty(Mono.fromSupplier(() -> "address:" + request.remoteAddress()
                        .map(InetSocketAddress::getAddress)
                        .map(a -> a.getHostAddress())
                        .orElse("unknown")));
    }
}
