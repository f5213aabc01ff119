package io.zoomqos.collector.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * For a test that starts and closes a whole application inside the test JVM: event loops of the
 * application's own. Reactor Netty's are global by default, and closing such an application
 * disposed them under the management server of the test context the other ITs share.
 */
@Configuration(proxyBeanMethods = false)
public class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
