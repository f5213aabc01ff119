package io.zoomqos.collector;

import io.zoomqos.collector.config.ZoomEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints where the live page is once the service is ready, so a newcomer who just ran
 * {@code ./mvnw spring-boot:run} knows what to open (the port may come from {@code SERVER_PORT}).
 */
@Component
class ReadyUrlLogger implements ApplicationListener<ApplicationReadyEvent> {

    private final ZoomEndpoints zoom;

    ReadyUrlLogger(ZoomEndpoints zoom) {
        this.zoom = zoom;
    }

    private static final Logger log = LoggerFactory.getLogger(ReadyUrlLogger.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        log.info("live page ready: open http://localhost:{}/ zoom={}", port, zoom.apiUrl());
    }
}
