package io.zoomqos.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.Principal;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Moved from live's StreamAdmissionTest with the key resolution, which is the web layer's. */
class SubscriberKeyResolverTest {

    @Test
    void theDefaultKeyIsThePrincipalElseTheRemoteAddress() {
        ServerWebExchange alice = MockServerWebExchange.from(MockServerHttpRequest.get("/")).mutate()
                .principal(Mono.just((Principal) () -> "alice")).build();
        assertThat(SubscriberKeyResolver.keyOf(alice).block()).isEqualTo("principal:alice");
        assertThat(SubscriberKeyResolver.keyOf(MockServerWebExchange.from(MockServerHttpRequest.get("/")
                .remoteAddress(new InetSocketAddress("127.0.0.7", 5555)))).block()).isEqualTo("address:127.0.0.7");
        assertThat(SubscriberKeyResolver.keyOf(MockServerWebExchange.from(MockServerHttpRequest.get("/"))).block())
                .isEqualTo("address:unknown");
    }
}
