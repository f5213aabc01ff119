package io.zoomqos.collector.simulator;

import io.zoomqos.collector.config.ConditionalOnSimulator;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import java.net.URI;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The simulator inside a Spring application (the collector, or the standalone
 * {@link SimulatorApplication}): the core, its routes under {@code /simulator}, the webhook
 * driver (started once the server has a port) and a primary {@link ZoomEndpoints} so the
 * collector's Zoom client talks to it without configuration.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSimulator
@EnableConfigurationProperties(SimulatorProperties.class)
class SimulatorConfiguration {

    @Bean
    SimulatedZoom simulatedZoom(SimulatorProperties properties, ZoomAccounts accounts) {
        return new SimulatedZoom(properties, accounts.all().stream()
                .map(a -> new SimulatedZoom.Account(a.id(), a.webhookSecret())).toList(), Clock.systemUTC());
    }

    @Bean
    SimulatorRuntime simulatorRuntime(SimulatedZoom zoom, Environment environment) {
        return new SimulatorRuntime(zoom, environment);
    }

    @Bean
    RouterFunction<ServerResponse> simulatorRoutes(SimulatedZoom zoom, SimulatorRuntime runtime) {
        return new SimulatorRouter(zoom, SimulatorRouter.DEFAULT_PREFIX, runtime::webhooks).routes();
    }

    /** Primary over the configured URLs: read per request, so the port found at start-up is used. */
    @Bean
    @Primary
    ZoomEndpoints simulatorZoomEndpoints(SimulatorRuntime runtime) {
        return new ZoomEndpoints() {
            @Override
            public URI apiUrl() {
                return runtime.baseUrl().resolve(SimulatorRouter.DEFAULT_PREFIX + "/v2");
            }

            @Override
            public URI oauthUrl() {
                return runtime.baseUrl().resolve(SimulatorRouter.DEFAULT_PREFIX);
            }
        };
    }
}
