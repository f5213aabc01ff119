package io.zoomqos.demo;

import io.zoomqos.collector.config.EventProperties;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.events.reconcile.ZoomTime;
import io.zoomqos.simulator.SimulatedEventSocket;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.simulator.SimulatorProperties;
import io.zoomqos.simulator.SimulatorRouter;
import io.zoomqos.simulator.SimulatorRuntime;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The simulator inside the collector: it plays the collector's own accounts (signing webhooks with
 * their secrets), serves under {@code /simulator} on the collector's server, sends its events to
 * that server's {@code /webhooks/zoom} or, with {@code QOS_ZOOM_EVENTS=websocket}, over its
 * WebSocket endpoint {@code /simulator/ws}, and a primary {@link ZoomEndpoints} points the
 * collector's Zoom client and WebSocket client at it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorProperties.class)
class DemoConfiguration {

    @Bean
    SimulatedZoom simulatedZoom(SimulatorProperties properties, ZoomAccounts accounts, EventProperties events) {
        List<String> ids = accounts.all().stream().map(a -> a.id()).toList();
        return new SimulatedZoom(playing(properties, ids, events), accounts.all().stream()
                .map(a -> new SimulatedZoom.Account(a.id(), a.webhookSecret())).toList(), Clock.systemUTC());
    }

    /**
     * The simulator delivers events the way the collector takes them: with {@code QOS_ZOOM_EVENTS=websocket}
     * (and no webhook) every account's events go over the WebSocket endpoint; with {@code QOS_ZOOM_QSS=true}
     * every account has QSS. Accounts named in {@code qos.simulator.websocket-accounts} / {@code qss-accounts}
     * are added to those.
     */
    static SimulatorProperties playing(SimulatorProperties properties, List<String> accounts, EventProperties events) {
        Set<String> websocket = new LinkedHashSet<>(properties.websocketAccounts());
        if (events.websocketEnabled() && !events.webhook()) {
            websocket.addAll(accounts);
        }
        Set<String> qss = new LinkedHashSet<>(properties.qssAccounts());
        if (events.qss()) {
            qss.addAll(accounts);
        }
        return properties.toBuilder().websocketAccounts(List.copyOf(websocket)).qssAccounts(List.copyOf(qss)).build();
    }

    /**
     * Zoom's meeting times are the simulator's, which runs faster than real time: past
     * reconciliation asks for the end times on its clock.
     */
    @Bean
    ZoomTime zoomTime(SimulatedZoom zoom) {
        return new ZoomTime(zoom.clock());
    }

    @Bean
    SimulatedEventSocket simulatedEventSocket(SimulatedZoom zoom) {
        return new SimulatedEventSocket(zoom, Clock.systemUTC());
    }

    /** Zoom's WebSocket event endpoint at {@code /simulator/ws}, ahead of the router functions. */
    @Bean
    HandlerMapping simulatorEventSocketMapping(SimulatedEventSocket socket) {
        return SimulatedEventSocket.mapping(socket);
    }

    @Bean
    SimulatorRuntime simulatorRuntime(SimulatedZoom zoom, SimulatedEventSocket socket, Environment environment) {
        return new SimulatorRuntime(zoom, socket, environment);
    }

    @Bean
    RouterFunction<ServerResponse> simulatorRoutes(SimulatedZoom zoom, SimulatorRuntime runtime) {
        return new SimulatorRouter(zoom, SimulatorRouter.DEFAULT_PREFIX, runtime::webhooks).routes();
    }

    /**
     * The simulator plays Zoom: its API checks Zoom's credentials (it takes any) and its webhooks are
     * signed, so the collector's sign-in never applies to it, also when the demo runs with sign-in on
     * ({@code QOS_AUTH_DISABLED=false}); without this the collector could not poll its own simulator.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain simulatorChain(ServerHttpSecurity http) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(SimulatorRouter.DEFAULT_PREFIX + "/**"))
                .authorizeExchange(a -> a.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /**
     * Primary over the collector's strict firewall for the simulator's paths only: Zoom's API takes
     * meeting UUIDs encoded twice ({@code %252F}), an encoded percent the collector's own API
     * rightly refuses. Everything outside {@code /simulator/} keeps the collector's firewall.
     */
    @Bean
    @Primary
    ServerWebExchangeFirewall demoFirewall(List<ServerWebExchangeFirewall> firewalls) {
        ServerWebExchangeFirewall collector = firewalls.stream().filter(f -> !(f instanceof SimulatorPathFirewall))
                .findFirst().orElseThrow();
        return new SimulatorPathFirewall(collector);
    }

    /** Zoom's double encoding allowed under {@code /simulator/}, the given firewall elsewhere. */
    static final class SimulatorPathFirewall implements ServerWebExchangeFirewall {

        private final ServerWebExchangeFirewall elsewhere;
        private final StrictServerWebExchangeFirewall simulator = new StrictServerWebExchangeFirewall();

        SimulatorPathFirewall(ServerWebExchangeFirewall elsewhere) {
            this.elsewhere = elsewhere;
            simulator.setAllowUrlEncodedPercent(true);
            simulator.setAllowUrlEncodedSlash(true);
            simulator.setAllowUrlEncodedDoubleSlash(true);
        }

        @Override
        public Mono<ServerWebExchange> getFirewalledExchange(ServerWebExchange exchange) {
            String path = exchange.getRequest().getPath().value();
            return path.startsWith(SimulatorRouter.DEFAULT_PREFIX + "/") ? simulator.getFirewalledExchange(exchange)
                    : elsewhere.getFirewalledExchange(exchange);
        }
    }

    /** Primary over the configured URLs: read per request, so the port found at start-up is used. */
    @Bean
    @Primary
    ZoomEndpoints simulatorZoomEndpoints(SimulatorRuntime runtime) {
        return ZoomEndpoints.fixedLazily(() -> runtime.baseUrl().resolve(SimulatorRouter.DEFAULT_PREFIX + "/v2"),
                () -> runtime.baseUrl().resolve(SimulatorRouter.DEFAULT_PREFIX), runtime::wsUrl);
    }
}
