package io.zoomqos.collector.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ZoomEndpointsConfiguration {

    /** The configured URLs, unless the simulator registered its own {@link ZoomEndpoints}. */
    @Bean
    @ConditionalOnMissingBean(ZoomEndpoints.class)
    ZoomEndpoints configuredZoomEndpoints(ZoomProperties properties) {
        return ZoomEndpoints.fixed(properties.apiUrl(), properties.oauthUrl());
    }
}
