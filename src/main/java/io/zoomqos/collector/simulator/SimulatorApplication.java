package io.zoomqos.collector.simulator;

import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomProperties;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

/**
 * The simulator as a process of its own (default port 8090), for pointing a collector at it over
 * the network ({@code QOS_ZOOM_API_URL=http://127.0.0.1:8090/simulator/v2},
 * {@code QOS_ZOOM_OAUTH_URL=http://127.0.0.1:8090/simulator}). It runs the simulator beans only:
 * no database, no polling. Settings: {@code application-simulator-standalone.yml}.
 *
 * <pre>./mvnw spring-boot:run -Dspring-boot.run.main-class=io.zoomqos.collector.simulator.SimulatorApplication \
 *   -Dspring-boot.run.arguments="--qos.simulator.webhook-url=http://127.0.0.1:8080/webhooks/zoom"</pre>
 */
public final class SimulatorApplication {

    public static final String PROFILE = "simulator-standalone";

    private SimulatorApplication() {
    }

    public static void main(String[] args) {
        run(args);
    }

    /** Starts the standalone simulator (also from tests: {@code run("--server.port=0")}). */
    public static ConfigurableApplicationContext run(String... args) {
        return new SpringApplicationBuilder(Standalone.class).profiles(PROFILE).run(args);
    }

    /**
     * Active only under the standalone profile: the collector's component scan finds this class
     * but skips it (with its auto-configuration import), so it never becomes part of the collector.
     */
    @Profile(PROFILE)
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableConfigurationProperties({ZoomProperties.class, SimulatorProperties.class})
    @Import({ZoomAccounts.class, SimulatorConfiguration.class})
    static class Standalone {
    }
}
