package io.zoomqos.collector.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs what a handler registered with {@link #onEnd} when the exchange ends, whether the response
 * was written, failed or the client went away before its body was subscribed: the SSE stream's
 * admission places are given back this way (the body's own end does not run in the last case).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ExchangeEnd implements WebFilter {

    private static final String ACTIONS = ExchangeEnd.class.getName() + ".actions";

    static void onEnd(ServerWebExchange exchange, Runnable action) {
        List<Runnable> actions = exchange.getAttribute(ACTIONS);
        if (actions != null) {
            actions.add(action);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<Runnable> actions = new ArrayList<>(1);
        exchange.getAttributes().put(ACTIONS, actions);
        return chain.filter(exchange).doFinally(s -> actions.forEach(Runnable::run));
    }
}
