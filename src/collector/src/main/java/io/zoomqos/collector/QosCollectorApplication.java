package io.zoomqos.collector;

import io.zoomqos.collector.config.RequiredSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The collector: what the Docker image runs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QosCollectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(QosCollectorApplication.class, args);
    }

    /** Static: a bean factory post-processor runs before the other beans of this class exist. */
    @Bean
    static RequiredSettings requiredSettings(Environment environment) {
        return new RequiredSettings(environment);
    }
}
