package io.zoomqos.collector.zoom;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The service builds the client from application.yml's {@code qos.zoom.client} block. */
class ZoomClientWiringIT extends CollectorIntegrationTest {

    @Autowired
    ZoomClient client;

    @Autowired
    ZoomClientProperties properties;

    @Test
    void bindsTheDocumentedDefaults() {
        assertThat(client).isNotNull();
        assertThat(properties).isEqualTo(ZoomClientProperties.defaults());
        assertThat(properties.tokenRefreshMargin()).isEqualTo(Duration.ofSeconds(60));
    }
}
