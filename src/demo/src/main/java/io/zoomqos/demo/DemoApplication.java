package io.zoomqos.demo;

import io.zoomqos.collector.QosCollectorApplication;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * What the README's {@code ./mvnw spring-boot:run} starts: the collector, the Zoom simulator on
 * the collector's own server and an embedded PostgreSQL under {@code ./data}, wired here and
 * nowhere else. Everything in it is simulated, so it runs open on localhost (and says so).
 */
@SpringBootConfiguration
@Import({QosCollectorApplication.class, DemoConfiguration.class})
public class DemoApplication {

    /** Profile of {@code application-demo.yml}: the simulated account, its scenario and speed. */
    public static final String PROFILE = "demo";

    private static final Logger log = LoggerFactory.getLogger(DemoApplication.class);

    public static void main(String[] args) {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Path.of("data", "postgres"), "qos");
        log.warn("demo: simulated Zoom account, embedded PostgreSQL in {}, every read surface open on localhost;"
                + " never point it at a real account", Path.of("data").toAbsolutePath().normalize());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
                .profiles(PROFILE)
                .run(withDatabase(args, postgres));
        context.registerShutdownHook();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            try {
                postgres.close();
            } catch (java.io.IOException e) {
                log.warn("demo: embedded PostgreSQL did not stop cleanly: {}", e.toString());
            }
        }, "demo-shutdown"));
    }

    /** As command-line arguments: they outrank application.yml's {@code QOS_DB_URL} placeholder. */
    private static String[] withDatabase(String[] args, EmbeddedPostgresServer postgres) {
        return Stream.concat(Stream.of("--qos.db.url=" + postgres.r2dbcUrl(), "--qos.db.user=" + postgres.user()),
                Stream.of(args)).toArray(String[]::new);
    }
}
