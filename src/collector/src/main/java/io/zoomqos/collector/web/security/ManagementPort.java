package io.zoomqos.collector.web.security;

import java.net.InetSocketAddress;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Recognises requests that arrived on the management port (metrics, Prometheus, health details),
 * which the Service does not publish: they are guarded by the network, not by sign-in, so that
 * Prometheus and the kubelet need no credentials. The port is learnt when that server starts
 * (it may be random in tests); until then, and when there is no separate port, nothing matches.
 */
final class ManagementPort implements ApplicationListener<WebServerInitializedEvent>, ServerWebExchangeMatcher {

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    @Override
    public Mono<MatchResult> matches(ServerWebExchange exchange) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        return local != null && port > 0 && local.getPort() == port ? MatchResult.match() : MatchResult.notMatch();
    }
}
