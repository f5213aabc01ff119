package io.zoomqos.collector.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ZoomEndpointsConfiguration {

    /**
     * The configured URLs. The demo, whose simulator plays Zoom on the collector's own server,
     * registers its own {@link ZoomEndpoints} as {@code @Primary} (ordering-safe, unlike a
     * missing-bean condition in a user configuration class).
     */
    @Bean
    ZoomEndpoints configuredZoomEndpoints(ZoomProperties properties) {
        return ZoomEndpoints.fixed(properties.apiUrl(), properties.oauthUrl());
    }
}
