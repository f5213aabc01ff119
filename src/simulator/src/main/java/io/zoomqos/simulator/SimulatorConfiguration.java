package io.zoomqos.simulator;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The simulator inside a Spring application (the standalone {@link SimulatorApplication}): the
 * core for the accounts of {@code qos.simulator.accounts}, its routes under {@code /simulator}
 * its WebSocket event endpoint, and the webhook driver (started once the server has a port). The demo wires the same pieces
 * for the collector's accounts itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorProperties.class)
class SimulatorConfiguration {

    @Bean
    SimulatedZoom simulatedZoom(SimulatorProperties properties) {
        return new SimulatedZoom(properties, properties.accounts(), Clock.systemUTC());
    }

    @Bean
    SimulatedEventSocket simulatedEventSocket(SimulatedZoom zoom) {
        return new SimulatedEventSocket(zoom, Clock.systemUTC());
    }

    @Bean
    SimulatorRuntime simulatorRuntime(SimulatedZoom zoom, SimulatedEventSocket socket, Environment environment) {
        return new SimulatorRuntime(zoom, socket, environment);
    }

    /** The WebSocket event endpoint, ahead of the router functions. */
    @Bean
    HandlerMapping simulatorEventSocketMapping(SimulatedEventSocket socket) {
        return SimulatedEventSocket.mapping(socket);
    }

    @Bean
    RouterFunction<ServerResponse> simulatorRoutes(SimulatedZoom zoom, SimulatorRuntime runtime) {
        return new SimulatorRouter(zoom, SimulatorRouter.DEFAULT_PREFIX, runtime::webhooks).routes();
    }
}
