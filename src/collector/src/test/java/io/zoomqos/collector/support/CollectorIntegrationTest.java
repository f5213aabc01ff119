package io.zoomqos.collector.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that need the whole service on a real PostgreSQL. Subclasses
 * share one application context and one fresh database (Spring caches the context), so they
 * must use their own meeting ids. Profile {@code it} configures the fixture account and turns
 * the simulator off. Security is on: the tests' {@code WebTestClient} presents a token with every
 * scope ({@link ItAuthentication}); metrics and health details are on the management port
 * ({@link #management()}).
 */
// The tests' OIDC issuer (support/TestIssuer) puts Spring MVC on the class path; the test context
// loader decides the application type from the class path, not from application.yml.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.web-application-type=reactive")
@AutoConfigureWebTestClient
@ActiveProfiles("it")
@Import(ItAuthentication.class)
public abstract class CollectorIntegrationTest {

    @Autowired
    private Environment environment;

    /** A client of the management port (metrics, Prometheus, health details): no sign-in there. */
    protected WebTestClient management() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + environment.getRequiredProperty("local.management.port")).build();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }
}
