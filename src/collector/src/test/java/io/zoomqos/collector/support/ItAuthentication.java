package io.zoomqos.collector.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * The integration tests run with security on: profile {@code it} configures one static token
 * (QOS_API_TOKENS syntax, its SHA-256 in application-it.yml) with every scope, and every
 * {@code WebTestClient} of the tests presents it. Security tests build clients of their own.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ItAuthentication {

    /** The token itself; application-it.yml holds only {@code sha256:<hex of it>}. */
    public static final String TOKEN = "it-token-with-every-scope-NOT-A-SECRET";

    public static final String AUTHORIZATION = "Bearer " + TOKEN;

    @Bean
    WebTestClientBuilderCustomizer presentTheItToken() {
        return builder -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, AUTHORIZATION);
    }
}
