package io.zoomqos.simulator;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The simulator as a process of its own (default port 8090): a fake Zoom for any client built
 * against Zoom's QoS API. Point a collector at it with
 * {@code QOS_ZOOM_API_URL=http://127.0.0.1:8090/simulator/v2} and
 * {@code QOS_ZOOM_OAUTH_URL=http://127.0.0.1:8090/simulator}; its webhooks go to
 * {@code QOS_SIMULATOR_WEBHOOK_URL}. Settings: {@code application-simulator-standalone.yml}.
 *
 * <pre>./mvnw -pl src/simulator spring-boot:run -Dspring-boot.run.skip=false</pre>
 * (the parent POM skips {@code spring-boot:run} in every module but the demo, so that
 * {@code ./mvnw spring-boot:run} at the root starts the demo alone; see docs/simulator.md).
 */
@SpringBootApplication
public class SimulatorApplication {

    public static final String PROFILE = "simulator-standalone";

    public static void main(String[] args) {
        run(args);
    }

    /** Starts the standalone simulator (also from tests: {@code run("--server.port=0")}). */
    public static ConfigurableApplicationContext run(String... args) {
        return new SpringApplicationBuilder(SimulatorApplication.class).profiles(PROFILE).run(args);
    }
}
