package io.zoomqos.collector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class QosCollectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(QosCollectorApplication.class, args);
    }
}
